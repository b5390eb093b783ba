package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.RequestSupplierOrderCancellationCommand;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.ALLOCATION;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.ORDER;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.RETAILER;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.SUPPLIER;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.placed;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.selected;
import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.submitted;

/** Compensation (DESIGN §4 step 5): release what the failed supplier held, cancel it there if needed, re-route. */
class OrderFulfillmentCompensationTest {

    static final StockPositionId POSITION = StockPositionId.of(SUPPLIER, "berlin", "A-1");

    SagaTestFixture<OrderFulfillmentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfillmentSaga.class);
    }

    @Test
    void canReleaseAndRerouteWhenTheSupplierRejects() {
        var at = fixture.currentTime();
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenPublishingA(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "out of stock at supplier", at))
                .expectDispatchedCommands(new ReleaseStockCommand(POSITION, ORDER, "L1"),
                        new RouteOrderCommand(ORDER, RETAILER, at))
                .expectNoScheduledDeadlines()
                .expectActiveSagas(1);
    }

    @Test
    void canCancelAtTheSupplierReleaseAndRerouteWhenAcceptanceTimesOut() throws Exception {
        var start = fixture.currentTime();
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .andThenTimeElapses(Duration.ofMinutes(31))
                .whenPublishingA(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        start.plus(Duration.ofMinutes(30))))
                .expectDispatchedCommands(
                        new RequestSupplierOrderCancellationCommand(ORDER, ALLOCATION,
                                "supplier order o-1-1 failed; re-routed elsewhere"),
                        new ReleaseStockCommand(POSITION, ORDER, "L1"),
                        new RouteOrderCommand(ORDER, RETAILER, start.plus(Duration.ofMinutes(31))));
    }

    @Test
    void canTimeOutByDeadlineThenCompensate() {
        // the deadline asks the order to time the allocation out; the order's event then drives compensation
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenTimeElapses(Duration.ofMinutes(31))
                .expectDeadlinesMet(ALLOCATION)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(TimeOutSupplierOrderCommand.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void canReleaseAndRerouteWhenTheSubmissionFailsForGood() {
        var at = fixture.currentTime();
        fixture.givenAPublished(placed()).andThenAPublished(selected())
                .whenPublishingA(new SupplierOrderSubmissionFailedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                        "circuit open", at))
                .expectDispatchedCommands(new ReleaseStockCommand(POSITION, ORDER, "L1"),
                        new RouteOrderCommand(ORDER, RETAILER, at));
    }

    @Test
    void canStopWaitingForAcceptanceOnceRejected() {
        var at = fixture.currentTime();
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .andThenAPublished(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "r", at))
                .whenTimeElapses(Duration.ofHours(2))
                .expectNoDispatchedCommands();
    }

    @Test
    void canReleaseCancelledLinesAndEndWhenNothingIsLeft() {
        var at = Instant.parse("2026-11-27T10:00:00Z");
        fixture.givenAPublished(placed()).andThenAPublished(selected())
                .whenPublishingA(new OrderLinesCancelledEvent(ORDER, RETAILER, List.of(new LineQuantity("L1", 1)),
                        "changed my mind", at))
                .expectDispatchedCommands(new ReleaseStockCommand(POSITION, ORDER, "L1"))
                .expectActiveSagas(1);
        fixture.givenAPublished(placed()).andThenAPublished(selected())
                .whenPublishingA(new OrderCompletedEvent(ORDER, RETAILER, at))
                .expectActiveSagas(0);
    }
}
