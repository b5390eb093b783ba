package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.shared.StockPositionId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrderFulfillmentSagaTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("demo-retailer");
    static final AllocationId ALLOCATION = new AllocationId("o-1-1");
    static final SupplierId SUPPLIER = new SupplierId("acme");
    static final SealedPersonalData SEALED = new SealedPersonalData("order-1", SealedPersonalData.AES_GCM, "c2VhbGVk");
    static final ShippingAddress SHIP_TO =
            new ShippingAddress("Ana", "Main 1", null, "Berlin", "BE", "10115", "DE", null, null);
    static final List<OrderLine> LINES =
            List.of(new OrderLine("L1", new Sku("SKU-1"), 1, new Money(BigDecimal.TEN, "EUR")));

    SagaTestFixture<OrderFulfillmentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfillmentSaga.class);
    }

    static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ORDER, RETAILER, "ext-1", "EUR", SEALED, SHIP_TO.destination(), LINES, null, "web",
                Instant.parse("2026-11-27T10:00:00Z"), null, null);
    }

    static SupplierSelectedEvent selected() {
        var line = new AllocatedLine("L1", new Sku("SKU-1"), 1, "A-1", null, 1,
                StockPositionId.of(SUPPLIER, "berlin", "A-1"), 1);
        return new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "berlin", List.of(line),
                Duration.ofMinutes(30), new RoutingExplanation("1", List.of(), "chosen"), "v1");
    }

    static SupplierOrderSubmittedEvent submitted() {
        return new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "PO-1", Instant.now());
    }

    @Test
    void canRouteAPlacedOrder() {
        fixture.givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectActiveSagas(1)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(RouteOrderCommand.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void canRequestSubmissionOnceASupplierIsSelected() {
        fixture.givenAPublished(placed())
                .whenPublishingA(selected())
                .expectDispatchedCommands(new RequestSupplierOrderSubmissionCommand(ORDER, ALLOCATION));
    }

    @Test
    void canWaitForAcceptanceForTheSuppliersSla() {
        fixture.givenAPublished(placed()).andThenAPublished(selected())
                .whenPublishingA(submitted())
                .expectScheduledDeadlineWithName(Duration.ofMinutes(30), OrderFulfillmentSaga.ACCEPTANCE_DEADLINE);
    }

    @Test
    void canStopWaitingOnceAccepted() {
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenPublishingA(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, Instant.now()))
                .expectNoScheduledDeadlines();
    }

    @Test
    void canCommitTheReservationsOfAnAcceptedAllocation() {
        var acceptedAt = Instant.parse("2026-11-27T10:05:00Z");
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenPublishingA(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, acceptedAt))
                .expectDispatchedCommands(new CommitStockCommand(StockPositionId.of(SUPPLIER, "berlin", "A-1"), ORDER,
                        "L1", acceptedAt));
    }

    @Test
    void canTimeOutAnAllocationNobodyAccepted() {
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenTimeElapses(Duration.ofMinutes(31))
                .expectDeadlinesMet(ALLOCATION)
                .expectDispatchedCommandsMatching(org.axonframework.test.matchers.Matchers.exactSequenceOf(
                        org.axonframework.test.matchers.Matchers.messageWithPayload(
                                org.hamcrest.Matchers.instanceOf(TimeOutSupplierOrderCommand.class)),
                        org.axonframework.test.matchers.Matchers.andNoMore()));
    }

    @Test
    void cannotTimeOutBeforeTheSlaRunsOut() {
        fixture.givenAPublished(placed()).andThenAPublished(selected()).andThenAPublished(submitted())
                .whenTimeElapses(Duration.ofMinutes(29))
                .expectNoDispatchedCommands();
    }

    @Test
    void canEndWhenTheOrderCompletes() {
        fixture.givenAPublished(placed()).andThenAPublished(selected())
                .whenPublishingA(new OrderCompletedEvent(ORDER, RETAILER, Instant.now()))
                .expectActiveSagas(0);
    }
}
