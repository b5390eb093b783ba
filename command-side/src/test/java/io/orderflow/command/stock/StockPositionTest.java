package io.orderflow.command.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReportStockLevelCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;

import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StockPositionTest {

    static final SupplierId SUPPLIER = new SupplierId("acme");
    static final StockPositionId POSITION = StockPositionId.of(SUPPLIER, "berlin", "A-1");
    static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final Instant T1 = Instant.parse("2026-11-27T10:00:00Z");
    static final Instant T0 = T1.minusSeconds(60);
    static final OrderId ORDER = new OrderId("o-1");

    FixtureConfiguration<StockPosition> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(StockPosition.class);
    }

    static StockLevelReportedEvent reported(int available, Instant asOf) {
        return new StockLevelReportedEvent(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", available, asOf);
    }

    @Test
    void canReportALevelForANewPosition() {
        fixture.givenNoPriorActivity()
                .when(new ReportStockLevelCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", 5, T1))
                .expectEvents(reported(5, T1));
    }

    @Test
    void cannotApplyAReportOlderThanTheLastOne() {
        fixture.given(reported(5, T1))
                .when(new ReportStockLevelCommand(POSITION, RETAILER, SUPPLIER, "berlin", "A-1", 50, T0))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canReserveWhatIsAvailable() {
        fixture.given(reported(5, T1))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 5))
                .expectEvents(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 5))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }

    @Test
    void cannotReserveMoreThanIsAvailable() {
        fixture.given(reported(5, T1), new StockReservedEvent(POSITION, RETAILER, new OrderId("o-0"), "L1", 3))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 3))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.INSUFFICIENT);
    }

    @Test
    void canReserveTheSameOrderLineOnlyOnce() {
        fixture.given(reported(5, T1), new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 2))
                .expectNoEvents()
                .expectResultMessagePayload(ReservationOutcome.ALREADY_RESERVED);
    }

    @Test
    void canReleaseAReservationOnce() {
        fixture.given(reported(5, T1), new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 2),
                        new StockReleasedEvent(POSITION, RETAILER, ORDER, "L1", 2))
                .when(new ReleaseStockCommand(POSITION, ORDER, "L1"))
                .expectNoEvents();
    }

    @Test
    void canReserveAgainAfterARelease() {
        fixture.given(reported(2, T1), new StockReservedEvent(POSITION, RETAILER, new OrderId("o-0"), "L1", 2),
                        new StockReleasedEvent(POSITION, RETAILER, new OrderId("o-0"), "L1", 2))
                .when(new ReserveStockCommand(POSITION, ORDER, "L1", 2))
                .expectResultMessagePayload(ReservationOutcome.RESERVED);
    }
}
