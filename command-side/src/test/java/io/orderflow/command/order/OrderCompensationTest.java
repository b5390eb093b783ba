package io.orderflow.command.order;

import io.orderflow.coreapi.order.*;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.orderflow.command.order.OrderTest.ALL;
import static io.orderflow.command.order.OrderTest.ALLOCATED;
import static io.orderflow.command.order.OrderTest.ALLOCATION;
import static io.orderflow.command.order.OrderTest.LINES;
import static io.orderflow.command.order.OrderTest.ORDER;
import static io.orderflow.command.order.OrderTest.RETAILER;
import static io.orderflow.command.order.OrderTest.DESTINATION;
import static io.orderflow.command.order.OrderTest.SEALED;
import static io.orderflow.command.order.OrderTest.SUPPLIER;
import static io.orderflow.command.order.OrderTest.T;
import static io.orderflow.command.order.OrderTest.acceptedHistory;
import static io.orderflow.command.order.OrderTest.fulfilled;
import static io.orderflow.command.order.OrderTest.placed;
import static io.orderflow.command.order.OrderTest.selected;

/** Rejection, failed submission and storefront cancellation on the order (DESIGN §4 steps 5 and 7). */
class OrderCompensationTest {

    static final Money REFUND = new Money(new BigDecimal("21"), "EUR");

    FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static Object[] submittedHistory() {
        return new Object[]{placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(),
                new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, ALLOCATED, SEALED),
                new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "PO-1", T)};
    }

    @Test
    void canRejectASubmittedAllocationAndOfferItsLinesForRoutingWithoutThatSupplier() {
        fixture.given(submittedHistory())
                .when(new RejectSupplierOrderCommand(ORDER, ALLOCATION, "out of stock at supplier", T))
                .expectEvents(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "out of stock at supplier", T));
        fixture.given(submittedHistory())
                .andGiven(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "out of stock at supplier", T))
                .when(new StartOrderRoutingCommand(ORDER, T))
                .expectEvents(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T))
                .expectResultMessagePayload(new RoutingTicket(2, 1, LINES, DESTINATION, "web", null,
                        Set.of(new RoutingTicket.FailedSource(SUPPLIER, "berlin", ALLOCATION.value(),
                                "rejected: out of stock at supplier"))));
    }

    @Test
    void cannotRejectTwiceOrAfterSomethingWasFulfilled() {
        fixture.given(submittedHistory())
                .andGiven(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "r", T))
                .when(new RejectSupplierOrderCommand(ORDER, ALLOCATION, "r", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
        fixture.given(acceptedHistory())
                .andGiven(new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1",
                        List.of(new LineQuantity("L1", 1)), null, T))
                .when(new RejectSupplierOrderCommand(ORDER, ALLOCATION, "r", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canBeRejectedAfterAcceptanceWhileNothingIsFulfilled() {
        // a shop cancelling a Shopify order, which counted as accepted once it existed
        fixture.given(acceptedHistory())
                .when(new RejectSupplierOrderCommand(ORDER, ALLOCATION, "cancelled by the shop: inventory", T))
                .expectEvents(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "cancelled by the shop: inventory", T));
    }

    @Test
    void canFailASubmissionThatNeverReachedTheSupplier() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(),
                        new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, ALLOCATED, SEALED))
                .when(new FailSupplierOrderSubmissionCommand(ORDER, ALLOCATION, "circuit open", T))
                .expectEvents(new SupplierOrderSubmissionFailedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "circuit open", T));
    }

    @Test
    void cannotFailASubmissionThatSucceeded() {
        fixture.given(submittedHistory())
                .when(new FailSupplierOrderSubmissionCommand(ORDER, ALLOCATION, "late", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canAskATimedOutSupplierToCancel() {
        fixture.given(submittedHistory())
                .andGiven(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T))
                .when(new RequestSupplierOrderCancellationCommand(ORDER, ALLOCATION, "timed out"))
                .expectEvents(new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "timed out"));
    }

    @Test
    void canCancelLinesThatHaveNoSupplierOrderYet() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected())
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(), "changed my mind", T))
                .expectEvents(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "changed my mind", T),
                        new OrderLinesCancelledEvent(ORDER, RETAILER, ALL, "changed my mind", T),
                        new RefundRequestedEvent(ORDER, RETAILER, ALL, REFUND, "changed my mind", T),
                        new OrderCompletedEvent(ORDER, RETAILER, T));
    }

    @Test
    void canAskTheSupplierToCancelAfterSubmissionAndFollowItsYes() {
        fixture.given(acceptedHistory())
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(), "changed my mind", T))
                .expectEvents(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "changed my mind", T),
                        new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "changed my mind"));
        fixture.given(acceptedHistory())
                .andGiven(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "changed my mind", T),
                        new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "changed my mind"))
                .when(new RecordSupplierCancellationAnswerCommand(ORDER, ALLOCATION,
                        RecordSupplierCancellationAnswerCommand.CANCELLED, T))
                .expectEvents(new OrderLinesCancelledEvent(ORDER, RETAILER, ALL, "changed my mind", T),
                        new RefundRequestedEvent(ORDER, RETAILER, ALL, REFUND, "changed my mind", T),
                        new OrderCompletedEvent(ORDER, RETAILER, T));
    }

    @Test
    void canFollowTheSuppliersNoToACancellation() {
        fixture.given(acceptedHistory())
                .andGiven(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "r", T),
                        new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "r"))
                .when(new RecordSupplierCancellationAnswerCommand(ORDER, ALLOCATION,
                        RecordSupplierCancellationAnswerCommand.TOO_LATE, T))
                .expectEvents(new OrderCancellationDeclinedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        List.of("L1", "L2"), "supplier acme has already shipped and cannot cancel", T));
    }

    @Test
    void cannotCancelShippedLines() {
        fixture.given(acceptedHistory())
                .andGiven(fulfilled("F1", ALL), new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ALL,
                        "DHL", "123", "https://t/123", T))
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(new LineQuantity("L1", 2), new LineQuantity("L2", 1)),
                        "r", T))
                .expectException(LinesNotCancellable.class)
                .expectExceptionMessage("line(s) L1, L2 have already shipped and cannot be cancelled; a return is needed instead")
                .expectNoEvents();
    }

    @Test
    void cannotCancelPartOfASupplierOrderOrPartOfALine() {
        fixture.given(acceptedHistory())
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(new LineQuantity("L1", 2)), "r", T))
                .expectException(OrderRuleViolation.class).expectNoEvents();
        fixture.given(acceptedHistory())
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(new LineQuantity("L1", 1)), "r", T))
                .expectException(OrderRuleViolation.class).expectNoEvents();
    }

    @Test
    void cannotCancelAnotherRetailersOrder() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ORDER, new io.orderflow.coreapi.shared.RetailerId("other"), List.of(), "r", T))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void canIgnoreARepeatedCancellation() {
        fixture.given(acceptedHistory())
                .andGiven(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "r", T),
                        new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "r"))
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(), "r", T))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canNotRouteLinesWhileTheirCancellationIsPending() {
        var other = new SupplierId("other");
        fixture.given(acceptedHistory())
                .andGiven(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), "r", T),
                        new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "r"),
                        new OrderLinesCancelledEvent(ORDER, RETAILER, ALL, "r", T))
                .when(new SelectSupplierCommand(ORDER, new AllocationId("o-1-2"), other, "x", ALLOCATED,
                        Duration.ofMinutes(30), new RoutingExplanation("1", List.of(), "chosen"), "v1"))
                .expectException(OrderRuleViolation.class);
    }
}
