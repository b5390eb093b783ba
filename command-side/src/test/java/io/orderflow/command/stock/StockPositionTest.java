package io.orderflow.command.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.ApplyStockDeltaCommand;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.stock.CommitmentsSettledEvent;
import io.orderflow.coreapi.stock.CommittedStockReleasedEvent;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.stock.SafetyStockSetEvent;
import io.orderflow.coreapi.stock.SetSafetyStockCommand;
import io.orderflow.coreapi.stock.SettleStockCommand;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;
import io.orderflow.coreapi.stock.StockSettledEvent;
import io.orderflow.coreapi.stock.StockUpdateOutcome;

import java.time.Instant;
import java.util.ArrayList;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StockPositionTest {

    static final SupplierId SUPPLIER = new SupplierId("acme");
    static final StockPositionId POSITION = StockPositionId.of(SUPPLIER, "berlin", "A-1");
    static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
    static final Instant T0 = T1.minusSeconds(60);
    static final Instant T2 = T1.plusSeconds(60);
    static final Instant T3 = T1.plusSeconds(120);
    static final OrderId ORDER = new OrderId("o-1");

    FixtureConfiguration<StockPosition> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StockPosition.class);
    }

    static StockLevelReportedEvent reported(int available, Instant asOf) {
        return new StockLevelReportedEvent(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", available, asOf);
    }

    static ReportStockLevelCommand report(int available, Instant asOf) {
        return new ReportStockLevelCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", available, asOf);
    }

    static ApplyStockDeltaCommand delta(String messageId, int delta, Instant asOf) {
        return new ApplyStockDeltaCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", messageId, delta, asOf);
    }

    static StockDeltaAppliedEvent deltaApplied(String messageId, int delta, int level, Instant asOf) {
        return new StockDeltaAppliedEvent(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", messageId, delta, level, asOf);
    }

    static StockReservedEvent reservedEvent(String order, String line, int quantity) {
        return new StockReservedEvent(POSITION, RETAILER, new OrderId(order), line, quantity);
    }

    static StockCommittedEvent committedEvent(String order, String line, int quantity, Instant acceptedAt) {
        return new StockCommittedEvent(POSITION, RETAILER, new OrderId(order), line, quantity, acceptedAt);
    }

    static SafetyStockSetEvent safety(int quantity) {
        return new SafetyStockSetEvent(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", quantity);
    }

    // level reports

    @Test
    void canReportALevelForANewPosition() {
        fixture.givenNoPriorActivity()
                .when(report(5, T1))
                .expectEvents(reported(5, T1))
                .expectResultMessagePayload(StockUpdateOutcome.APPLIED);
    }

    @Test
    void canReplaceTheLevelWithANewerReport() {
        fixture.given(reported(5, T1))
                .when(report(9, T2))
                .expectEvents(reported(9, T2));
    }

    @Test
    void cannotApplyAReportOlderThanTheLastOne() {
        fixture.given(reported(5, T1))
                .when(report(50, T0))
                .expectSuccessfulHandlerExecution().expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.STALE);
    }

    @Test
    void cannotApplyAReportAsOldAsTheLastOne() {
        fixture.given(reported(5, T1))
                .when(report(50, T1))
                .expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.STALE);
    }

    @Test
    void cannotApplyAReportOlderThanTheLastDelta() {
        fixture.given(reported(5, T1), deltaApplied("m-1", -2, 3, T3))
                .when(report(7, T2))
                .expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.STALE);
    }

    @Test
    void cannotReportANegativeLevel() {
        fixture.givenNoPriorActivity()
                .when(report(-1, T1))
                .expectException(IllegalArgumentException.class);
    }

    // deltas

    @Test
    void canApplyADeltaNewerThanTheLevel() {
        fixture.given(reported(5, T1))
                .when(delta("m-1", -2, T2))
                .expectEvents(deltaApplied("m-1", -2, 3, T2))
                .expectResultMessagePayload(StockUpdateOutcome.APPLIED);
    }

    @Test
    void canApplyADeltaToAPositionNeverReportedAsIfItHeldNothing() {
        fixture.givenNoPriorActivity()
                .when(delta("m-1", 4, T1))
                .expectEvents(deltaApplied("m-1", 4, 4, T1));
    }

    @Test
    void cannotApplyTheSameDeltaTwice() {
        fixture.given(reported(5, T1), deltaApplied("m-1", -2, 3, T2))
                .when(delta("m-1", -2, T2))
                .expectSuccessfulHandlerExecution().expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.DUPLICATE);
    }

    @Test
    void cannotApplyADeltaThatTheLastLevelAlreadyIncludes() {
        fixture.given(reported(5, T1), deltaApplied("m-1", -2, 3, T2), reported(3, T3))
                .when(delta("m-1", -2, T2))
                .expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.STALE);
    }

    @Test
    void canApplyDeltasOutOfOrderAmongThemselves() {
        fixture.given(reported(5, T1), deltaApplied("m-2", 4, 9, T3))
                .when(delta("m-1", -2, T2))
                .expectEvents(deltaApplied("m-1", -2, 7, T2));
    }

    @Test
    void cannotApplyAnUnidentifiedDelta() {
        fixture.given(reported(5, T1))
                .when(delta(" ", 1, T2))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void cannotApplyADeltaOlderThanTheIdsItForgot() {
        var given = new ArrayList<Object>();
        given.add(reported(0, T0));
        for (int i = 0; i <= StockPosition.MAX_PENDING_DELTAS; i++) {
            given.add(deltaApplied("m-" + i, 1, i + 1, T1.plusSeconds(i)));
        }
        // m-0 was forgotten to keep the id set bounded: its redelivery must not count twice
        fixture.given(given)
                .when(delta("m-0", 1, T1))
                .expectNoEvents()
                .expectResultMessagePayload(StockUpdateOutcome.STALE);
    }

    // safety stock

    @Test
    void canSetSafetyStock() {
        fixture.given(reported(5, T1))
                .when(new SetSafetyStockCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", 2))
                .expectEvents(safety(2));
    }

    @Test
    void canSetSafetyStockBeforeAnyReport() {
        fixture.givenNoPriorActivity()
                .when(new SetSafetyStockCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", 0))
                .expectEvents(safety(0));
    }

    @Test
    void canRepeatASafetyStockWithoutAnEvent() {
        fixture.given(reported(5, T1), safety(2))
                .when(new SetSafetyStockCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", 2))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotSetANegativeSafetyStock() {
        fixture.given(reported(5, T1))
                .when(new SetSafetyStockCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", -1))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void cannotReserveIntoSafetyStock() {
        fixture.given(reported(5, T1), safety(2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 4))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.INSUFFICIENT);
    }

    // reservations

    @Test
    void canReserveWhatIsAvailable() {
        fixture.given(reported(5, T1))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 5))
                .expectEvents(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 5))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    @Test
    void cannotReserveMoreThanIsAvailable() {
        fixture.given(reported(5, T1), reservedEvent("o-0", "L1", 3))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 3))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.INSUFFICIENT);
    }

    @Test
    void canReserveTheSameOrderLineOnlyOnce() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 2))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.ALREADY_RESERVED);
    }

    @Test
    void canReleaseAReservationOnce() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2),
                        new StockReleasedEvent(POSITION, RETAILER, ORDER, "L1", 2))
                .when(new ReleaseStockCommand(POSITION, ORDER, "L1"))
                .expectNoEvents();
    }

    @Test
    void canReserveAgainAfterARelease() {
        fixture.given(reported(2, T1), reservedEvent("o-0", "L1", 2),
                        new StockReleasedEvent(POSITION, RETAILER, new OrderId("o-0"), "L1", 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 2))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    // commit and settle

    @Test
    void canCommitAReservation() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2))
                .expectEvents(committedEvent("o-1", "L1", 2, T2));
    }

    @Test
    void canSettleAtOnceWhatWasAcceptedBeforeTheLastReportedLevel() {
        // the supplier took the line at T2 and reported its level at T3; the acceptance reached us after the report
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), reported(3, T3))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2))
                .expectEvents(committedEvent("o-1", "L1", 2, T2), settledEvent(T3, 2))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void canSettleAtOnceWhatWasAcceptedAtTheInstantOfTheLastReportedLevel() {
        // the sandbox takes stock when it accepts and reports that level, stated at the same instant
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), reported(3, T2))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2))
                .expectEvents(committedEvent("o-1", "L1", 2, T2), settledEvent(T2, 2))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void cannotSettleAtOnceWhatWasAcceptedJustAfterTheLastReportedLevel() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), reported(5, T2))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2.plusMillis(1)))
                .expectEvents(committedEvent("o-1", "L1", 2, T2.plusMillis(1)))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void canCommitOnlyOnce() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotCommitWhatWasNeverReserved() {
        fixture.given(reported(5, T1))
                .when(new CommitStockCommand(POSITION, ORDER, "L1", T2))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canStillNotPromiseCommittedStock() {
        fixture.given(reported(5, T1), reservedEvent("o-0", "L1", 3), committedEvent("o-0", "L1", 3, T2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 3))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.INSUFFICIENT);
    }

    @Test
    void canSettleWhatWasAcceptedUpToAnInstant() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2),
                        reservedEvent("o-2", "L1", 1), committedEvent("o-2", "L1", 1, T3))
                .when(new SettleStockCommand(POSITION, T2))
                .expectEvents(settledEvent(T2, 2))
                .expectState(position -> assertEquals(4, position.availableToPromise()));
    }

    @Test
    void cannotSettleAReservationThatIsNotCommitted() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2))
                .when(new SettleStockCommand(POSITION, T3))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canSettleCommitmentsThatALaterLevelReportIncludes() {
        fixture.given(reported(5, T0), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T1),
                        reservedEvent("o-2", "L1", 1), committedEvent("o-2", "L1", 1, T3))
                .when(report(3, T2))
                .expectEvents(reported(3, T2), settledEvent(T2, 2));
    }

    @Test
    void canSettleACommitmentWithALevelStatedAtTheInstantOfTheAcceptance() {
        fixture.given(reported(5, T0), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(report(3, T2))
                .expectEvents(reported(3, T2), settledEvent(T2, 2))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void canSettleACommitmentWithALevelStatedAMillisecondAfterTheAcceptance() {
        fixture.given(reported(5, T0), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(report(3, T2.plusMillis(1)))
                .expectEvents(reported(3, T2.plusMillis(1)), settledEvent(T2.plusMillis(1), 2))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void cannotSettleACommitmentWithALevelStatedAMillisecondBeforeTheAcceptance() {
        fixture.given(reported(5, T0), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(report(5, T2.minusMillis(1)))
                .expectEvents(reported(5, T2.minusMillis(1)))
                .expectState(position -> assertEquals(3, position.availableToPromise()));
    }

    @Test
    void canPromiseAgainOnceSettled() {
        // 5 reported, 2 committed and settled by a report of 3: 3 are free again, not 1
        fixture.given(reported(5, T0), reservedEvent("o-0", "L1", 2), committedEvent("o-0", "L1", 2, T1),
                        reported(3, T2), settledEvent(T2, 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 3))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    @Test
    void canStillApplyHistoriesThatSettledLineByLine() {
        fixture.given(reported(5, T0), reservedEvent("o-0", "L1", 2), committedEvent("o-0", "L1", 2, T1),
                        reported(3, T2), new StockSettledEvent(POSITION, RETAILER, new OrderId("o-0"), "L1", 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 3))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    @Test
    void canReleaseACommittedLine() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(new ReleaseStockCommand(POSITION, ORDER, "L1", new ReleaseStockCommand.Commitment(2, T2)))
                .expectEvents(new CommittedStockReleasedEvent(POSITION, RETAILER, ORDER, "L1", 2, T2))
                .expectState(position -> assertEquals(5, position.availableToPromise()));
    }

    @Test
    void cannotReleaseACommittedLineThatALevelAlreadySettled() {
        // the supplier's level includes the line; its own next report shows the units it takes back
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2),
                        reported(3, T3), settledEvent(T3, 2))
                .when(new ReleaseStockCommand(POSITION, ORDER, "L1", new ReleaseStockCommand.Commitment(2, T2)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotReleaseACommittedLineNamedWithoutItsCommitment() {
        fixture.given(reported(5, T1), reservedEvent("o-1", "L1", 2), committedEvent("o-1", "L1", 2, T2))
                .when(new ReleaseStockCommand(POSITION, ORDER, "L1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canKeepItsStateBoundedWhateverTheTrafficBetweenTwoReports() {
        var given = new ArrayList<Object>();
        given.add(reported(1_000_000, T0));
        for (int i = 0; i < 20_000; i++) {
            given.add(reservedEvent("o-" + i, "L1", 1));
            given.add(committedEvent("o-" + i, "L1", 1, T1.plusMillis(i)));
        }
        fixture.given(given)
                .when(new ReserveStockCommand(POSITION, ORDER, "L2", 1))
                .expectResultMessagePayload(ReservationOutcome.RESERVED)
                .expectState(position -> {
                    assertEquals(1_000_000 - 20_001, position.availableToPromise());
                    assertEquals(Commitments.MAX_BUCKETS, position.commitmentBuckets());
                    assertEquals(1, position.reservationsHeld());
                });
    }

    static CommitmentsSettledEvent settledEvent(Instant upTo, int quantity) {
        return new CommitmentsSettledEvent(POSITION, RETAILER, upTo, quantity);
    }
}
