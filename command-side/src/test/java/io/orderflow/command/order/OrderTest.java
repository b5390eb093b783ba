package io.orderflow.command.order;

import io.orderflow.coreapi.order.*;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final AllocationId ALLOCATION = new AllocationId("o-1-1");
    static final SupplierId SUPPLIER = new SupplierId("acme");
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final SealedPersonalData SEALED = new SealedPersonalData("order-1", SealedPersonalData.AES_GCM, "c2VhbGVk");
    static final Destination DESTINATION = new Destination("DE", "BE", "Berlin", null, null);
    static final List<OrderLine> LINES = List.of(
            new OrderLine("L1", new Sku("SKU-1"), 2, new Money(BigDecimal.TEN, "EUR")),
            new OrderLine("L2", new Sku("SKU-2"), 1, new Money(BigDecimal.ONE, "EUR")));
    static final List<AllocatedLine> ALLOCATED = List.of(
            new AllocatedLine("L1", new Sku("SKU-1"), 2, "A-1", null, 2, StockPositionId.of(SUPPLIER, "berlin", "A-1"), 1),
            new AllocatedLine("L2", new Sku("SKU-2"), 1, "A-2", null, 1, StockPositionId.of(SUPPLIER, "berlin", "A-2"), 1));
    static final NotificationConsent CONSENT = new NotificationConsent(true, false, T, "checkout");
    static final List<LineQuantity> ALL = List.of(new LineQuantity("L1", 2), new LineQuantity("L2", 1));

    FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static PlaceOrderCommand place(List<OrderLine> lines) {
        return new PlaceOrderCommand(ORDER, RETAILER, "ext-1", "EUR", SEALED, DESTINATION, lines, null, "web", T, null,
                CONSENT);
    }

    static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, RETAILER, "ext-1", "EUR", SEALED, DESTINATION, LINES, null, "web", T, null,
                CONSENT);
    }

    static SupplierSelectedEvent selected() {
        return new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "berlin", ALLOCATED,
                Duration.ofMinutes(30), new RoutingExplanation("1", List.of(), "chosen"), "v1");
    }

    static Object[] acceptedHistory() {
        return new Object[]{placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(),
                new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, ALLOCATED, SEALED),
                new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "PO-1", T),
                new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T)};
    }

    static FulfillmentCreatedEvent fulfilled(String id, List<LineQuantity> lines) {
        return new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, id, lines, LocalDate.of(2026, 11, 28), T);
    }

    @Test
    void canPlaceAnOrder() {
        fixture.givenNoPriorActivity().when(place(LINES)).expectEvents(placed());
    }

    @Test
    void canPlaceAnOrderOnHoldSoThatRoutingWaitsForAPerson() {
        var held = new PlaceOrderCommand(ORDER, RETAILER, "ext-1", "EUR", SEALED, DESTINATION, LINES, null, "web", T,
                null, CONSENT, "line L2 has no SKU");
        fixture.givenNoPriorActivity().when(held)
                .expectEvents(placed(), new OrderPutOnHoldEvent(ORDER, RETAILER, "line L2 has no SKU"));
        fixture.given(placed(), new OrderPutOnHoldEvent(ORDER, RETAILER, "line L2 has no SKU"))
                .when(new StartOrderRoutingCommand(ORDER, T))
                .expectNoEvents();
    }

    @Test
    void canRecordThatItsPersonalDataWasErased() {
        fixture.given(placed())
                .when(new ErasePersonalDataCommand(ORDER, RETAILER, T))
                .expectEvents(new PersonalDataErasedEvent(ORDER, RETAILER, T));
    }

    @Test
    void recordsAnErasureOnlyOnce() {
        fixture.given(placed(), new PersonalDataErasedEvent(ORDER, RETAILER, T))
                .when(new ErasePersonalDataCommand(ORDER, RETAILER, T.plusSeconds(60)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotEraseTheDataOfAnotherRetailersOrder() {
        fixture.given(placed())
                .when(new ErasePersonalDataCommand(ORDER, new RetailerId("someone-else"), T))
                .expectException(OrderRuleViolation.class)
                .expectNoEvents();
    }

    @Test
    void cannotPlaceAnOrderWithoutLines() {
        fixture.givenNoPriorActivity().when(place(List.of())).expectException(OrderRuleViolation.class);
    }

    @Test
    void cannotPlaceAnOrderWithRepeatedLineIds() {
        var line = LINES.get(0);
        fixture.givenNoPriorActivity().when(place(List.of(line, line))).expectException(OrderRuleViolation.class);
    }

    @Test
    void canStartRoutingAndAnswerTheOpenLines() {
        fixture.given(placed())
                .when(new StartOrderRoutingCommand(ORDER, T))
                .expectEvents(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T))
                .expectResultMessagePayload(new RoutingTicket(1, 0, LINES, DESTINATION, "web", null, Set.of()));
    }

    @Test
    void cannotStartRoutingWhenEveryLineHasASupplier() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected())
                .when(new StartOrderRoutingCommand(ORDER, T))
                .expectNoEvents()
                .expectResultMessagePayload(new RoutingTicket(1, 1, List.of(), DESTINATION, "web", null, Set.of()));
    }

    @Test
    void canSelectASupplierOnlyOnce() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected())
                .when(new SelectSupplierCommand(ORDER, ALLOCATION, SUPPLIER, "berlin", ALLOCATED, Duration.ofMinutes(30),
                        new RoutingExplanation("1", List.of(), "chosen"), "v1"))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotAllocateALineTwice() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected())
                .when(new SelectSupplierCommand(ORDER, new AllocationId("o-1-2"), SUPPLIER, "berlin", ALLOCATED,
                        Duration.ofMinutes(30), new RoutingExplanation("1", List.of(), "chosen"), "v1"))
                .expectException(OrderRuleViolation.class);
    }

    @Test
    void canIgnoreARepeatedAcceptance() {
        fixture.given(acceptedHistory())
                .when(new AcceptSupplierOrderCommand(ORDER, ALLOCATION, T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canTreatAFulfillmentBeforeAcceptanceAsAcceptance() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(),
                        new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, ALLOCATED, SEALED))
                .when(new CreateFulfillmentCommand(ORDER, ALLOCATION, "F1", ALL, LocalDate.of(2026, 11, 28), T))
                .expectEvents(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T), fulfilled("F1", ALL));
    }

    @Test
    void cannotFulfilMoreThanWasAllocated() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", List.of(new LineQuantity("L1", 1))))
                .when(new CreateFulfillmentCommand(ORDER, ALLOCATION, "F2", List.of(new LineQuantity("L1", 2)), null, T))
                .expectException(OrderRuleViolation.class);
    }

    @Test
    void cannotFulfilALineTheSupplierWasNotGivenAndSaysWhichLinesItHas() {
        fixture.given(acceptedHistory())
                .when(new CreateFulfillmentCommand(ORDER, ALLOCATION, "F1", List.of(new LineQuantity("L9", 1)), null, T))
                .expectException(OrderRuleViolation.class)
                .expectExceptionMessage("line L9 is not part of this supplier order (its lines: L1, L2)");
    }

    @Test
    void canRecordARefusedSupplierReportOnceForTheSameReason() {
        var refusal = new RecordRefusedSupplierReportCommand(ORDER, SUPPLIER, "package F1 with line L9 ×1",
                "line L9 is not part of this supplier order (its lines: L1, L2)", "d-1", T);
        var refused = new SupplierReportRefusedEvent(ORDER, RETAILER, SUPPLIER, refusal.report(), refusal.reason(),
                "d-1", T);
        fixture.given(acceptedHistory()).when(refusal).expectEvents(refused);
        fixture.given(acceptedHistory()).andGiven(refused)
                .when(new RecordRefusedSupplierReportCommand(ORDER, SUPPLIER, refusal.report(), refusal.reason(), "d-2", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotMoveAnAcceptedAllocationBackToSubmitted() {
        fixture.given(acceptedHistory())
                .when(new RecordSupplierOrderSubmissionCommand(ORDER, ALLOCATION, "PO-other", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canCompleteTheOrderWhenTheLastShipmentIsDelivered() {
        var tracked = new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, "DHL", "123",
                "https://t/123", T);
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL), tracked)
                .when(new DeliverShipmentCommand(ORDER, ALLOCATION, "F1", T))
                .expectEvents(new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, T),
                        new OrderCompletedEvent(ORDER, RETAILER, T));
    }

    @Test
    void cannotCompleteWhileAPackageIsStillOnItsWay() {
        var first = List.of(new LineQuantity("L1", 2));
        var second = List.of(new LineQuantity("L2", 1));
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", first), fulfilled("F2", second))
                .when(new DeliverShipmentCommand(ORDER, ALLOCATION, "F1", T))
                .expectEvents(new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", first, T));
    }

    @Test
    void canIgnoreARepeatedDelivery() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL),
                        new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, T))
                .when(new DeliverShipmentCommand(ORDER, ALLOCATION, "F1", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canTimeOutAnUnacceptedAllocationForCompensation() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(),
                        new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, ALLOCATED, SEALED),
                        new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "PO-1", T))
                .when(new TimeOutSupplierOrderCommand(ORDER, ALLOCATION, T))
                .expectEvents(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T));
    }

    @Test
    void cannotTimeOutAnAcceptedAllocation() {
        fixture.given(acceptedHistory())
                .when(new TimeOutSupplierOrderCommand(ORDER, ALLOCATION, T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    static ShipmentStatusChangedEvent status(ShipmentStatus status, Instant at) {
        return new ShipmentStatusChangedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", status, null, at);
    }

    static ChangeShipmentStatusCommand changeStatus(ShipmentStatus status, Instant at) {
        return new ChangeShipmentStatusCommand(ORDER, ALLOCATION, "F1", status, null, at);
    }

    @Test
    void canRecordACarrierStatus() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL))
                .when(changeStatus(ShipmentStatus.OUT_FOR_DELIVERY, T))
                .expectEvents(status(ShipmentStatus.OUT_FOR_DELIVERY, T));
    }

    @Test
    void cannotMoveBackFromOutForDeliveryToInTransit() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL), status(ShipmentStatus.OUT_FOR_DELIVERY, T))
                .when(changeStatus(ShipmentStatus.IN_TRANSIT, T.plusSeconds(60)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void cannotChangeTheStatusOfADeliveredPackage() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL),
                        new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, T))
                .when(changeStatus(ShipmentStatus.DELAYED, T.plusSeconds(60)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canRecordEachDelayOnceAndLaterDelaysAgain() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL), status(ShipmentStatus.DELAYED, T))
                .when(changeStatus(ShipmentStatus.DELAYED, T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL), status(ShipmentStatus.DELAYED, T))
                .when(changeStatus(ShipmentStatus.DELAYED, T.plusSeconds(3600)))
                .expectEvents(status(ShipmentStatus.DELAYED, T.plusSeconds(3600)));
    }

    @Test
    void cannotDeliverAReturnedPackage() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL), status(ShipmentStatus.DELIVERY_FAILED, T),
                        status(ShipmentStatus.RETURNED, T.plusSeconds(60)))
                .when(new DeliverShipmentCommand(ORDER, ALLOCATION, "F1", T.plusSeconds(120)))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canKeepTrackingDetailsReportedAfterTheDelivery() {
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", ALL),
                        new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, T))
                .when(new TrackShipmentCommand(ORDER, ALLOCATION, "F1", "DHL", "123", "https://t/123", T))
                .expectEvents(new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL, "DHL", "123",
                        "https://t/123", T));
    }

    @Test
    void canCompleteAsOfTheLastDeliveryWhateverArrivedLast() {
        var first = List.of(new LineQuantity("L1", 2));
        var second = List.of(new LineQuantity("L2", 1));
        fixture.given(acceptedHistory()).andGiven(fulfilled("F1", first), fulfilled("F2", second),
                        new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F2", second, T.plusSeconds(600)))
                .when(new DeliverShipmentCommand(ORDER, ALLOCATION, "F1", T.plusSeconds(300)))
                .expectEvents(new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", first, T.plusSeconds(300)),
                        new OrderCompletedEvent(ORDER, RETAILER, T.plusSeconds(600)));
    }
}
