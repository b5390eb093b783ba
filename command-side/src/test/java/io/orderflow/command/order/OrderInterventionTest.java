package io.orderflow.command.order;

import io.orderflow.coreapi.order.*;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.orderflow.command.order.OrderTest.*;

/** People working held and backordered orders (issue 12): release, manual allocation, backorder retry and cancel. */
class OrderInterventionTest {

    static final String ACTOR = "api-key:dev-admin";
    static final Instant LATER = T.plus(Duration.ofHours(1));
    static final OrderPutOnHoldEvent HELD = new OrderPutOnHoldEvent(ORDER, RETAILER, "no supplier can serve line L1");

    FixtureConfiguration<Order> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Order.class);
    }

    static Object[] held() {
        return new Object[]{placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), HELD};
    }

    @Test
    void canReleaseAHeldOrder() {
        fixture.given(held())
                .when(new ReleaseOrderHoldCommand(ORDER, RETAILER, ACTOR, "stock arrived", LATER))
                .expectEvents(new OrderHoldReleasedEvent(ORDER, RETAILER, ACTOR, "stock arrived", LATER));
    }

    @Test
    void cannotReleaseAnOrderThatIsNotHeld() {
        fixture.given(placed())
                .when(new ReleaseOrderHoldCommand(ORDER, RETAILER, ACTOR, "why not", LATER))
                .expectException(OrderStateConflict.class);
    }

    @Test
    void cannotReleaseAHoldTwice() {
        fixture.given(held()).andGiven(new OrderHoldReleasedEvent(ORDER, RETAILER, ACTOR, "stock arrived", LATER))
                .when(new ReleaseOrderHoldCommand(ORDER, RETAILER, ACTOR, "again", LATER))
                .expectException(OrderStateConflict.class);
    }

    @Test
    void cannotReleaseAnotherRetailersOrder() {
        fixture.given(held())
                .when(new ReleaseOrderHoldCommand(ORDER, new RetailerId("other"), ACTOR, "mine now", LATER))
                .expectException(AggregateNotFoundException.class);
    }

    @Test
    void canRouteAReleasedOrderAgain() {
        fixture.given(held()).andGiven(new OrderHoldReleasedEvent(ORDER, RETAILER, ACTOR, "stock arrived", LATER))
                .when(new StartOrderRoutingCommand(ORDER, LATER))
                .expectEvents(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, LATER));
    }

    @Test
    void canTryFailedSourcesAgainAfterARelease() {
        var failed = new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "out of stock", T);
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(), failed,
                        new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T), HELD,
                        new OrderHoldReleasedEvent(ORDER, RETAILER, ACTOR, "supplier restocked", LATER))
                .when(new StartOrderRoutingCommand(ORDER, LATER))
                .expectResultMessagePayload(new RoutingTicket(3, 1, LINES, DESTINATION, "web", null,
                        Set.of()));
    }

    @Test
    void canExpireAHoldByCancellingTheWaitingLines() {
        var heldFor = Duration.ofHours(72);
        var reason = "on hold for longer than PT72H without a release";
        var quantities = List.of(new LineQuantity("L1", 2), new LineQuantity("L2", 1));
        fixture.given(held())
                .when(new ExpireOrderHoldCommand(ORDER, heldFor, LATER))
                .expectEvents(new OrderHoldExpiredEvent(ORDER, RETAILER, heldFor, List.of("L1", "L2"), LATER),
                        new OrderLinesCancelledEvent(ORDER, RETAILER, quantities, reason, LATER),
                        new RefundRequestedEvent(ORDER, RETAILER, quantities, new Money(new BigDecimal("21"), "EUR"),
                                reason, LATER),
                        new OrderCompletedEvent(ORDER, RETAILER, LATER));
    }

    /** The other end of a hold: the storefront cancels the order, which completes it (and so ends its saga). */
    @Test
    void canCompleteAHeldOrderTheStorefrontCancels() {
        var reason = "changed my mind";
        var quantities = List.of(new LineQuantity("L1", 2), new LineQuantity("L2", 1));
        fixture.given(held())
                .when(new CancelOrderCommand(ORDER, RETAILER, List.of(), reason, LATER))
                .expectEvents(new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), reason, LATER),
                        new OrderLinesCancelledEvent(ORDER, RETAILER, quantities, reason, LATER),
                        new RefundRequestedEvent(ORDER, RETAILER, quantities, new Money(new BigDecimal("21"), "EUR"),
                                reason, LATER),
                        new OrderCompletedEvent(ORDER, RETAILER, LATER));
    }

    @Test
    void cannotExpireAHoldThatWasReleased() {
        fixture.given(held()).andGiven(new OrderHoldReleasedEvent(ORDER, RETAILER, ACTOR, "stock arrived", LATER))
                .when(new ExpireOrderHoldCommand(ORDER, Duration.ofHours(72), LATER))
                .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canPrepareAManualAllocationOfAllHeldLinesWhichEndsTheHold() {
        fixture.given(held())
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L1", "L2")))
                .expectNoEvents()
                .expectResultMessagePayload(new ManualAllocationTicket(LINES, 0, true));
    }

    @Test
    void canPrepareAManualAllocationOfSomeHeldLinesWhichKeepsTheHold() {
        fixture.given(held())
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L2")))
                .expectResultMessagePayload(new ManualAllocationTicket(List.of(LINES.get(1)), 0, false));
    }

    @Test
    void cannotAllocateByHandALineRoutingStillOwns() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T))
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L1")))
                .expectException(OrderStateConflict.class);
    }

    @Test
    void cannotAllocateByHandALineThatHasASupplier() {
        fixture.given(placed(), new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T), selected(), HELD)
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L1")))
                .expectException(OrderStateConflict.class);
    }

    @Test
    void cannotAllocateByHandALineTheOrderDoesNotHave() {
        fixture.given(held())
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L9")))
                .expectException(OrderRuleViolation.class);
    }

    @Test
    void canAllocateBackorderedLinesByHand() {
        fixture.given(placed(), new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L1"), "no stock"))
                .when(new PrepareManualAllocationCommand(ORDER, RETAILER, List.of("L1")))
                .expectResultMessagePayload(new ManualAllocationTicket(List.of(LINES.get(0)), 0, false));
    }

    @Test
    void canRetryABackorder() {
        fixture.given(placed(), new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L1", "L2"), "no stock"))
                .when(new RetryBackorderCommand(ORDER, RETAILER, ACTOR, "restocked", LATER))
                .expectEvents(new BackorderRetryRequestedEvent(ORDER, RETAILER, List.of("L1", "L2"), ACTOR,
                        "restocked", LATER));
    }

    @Test
    void cannotRetryWithoutABackorder() {
        fixture.given(held())
                .when(new RetryBackorderCommand(ORDER, RETAILER, ACTOR, "restocked", LATER))
                .expectException(OrderStateConflict.class);
    }

    @Test
    void canCancelABackorderAndNothingElse() {
        var reason = "backorder cancelled by " + ACTOR + ": discontinued";
        var quantities = List.of(new LineQuantity("L2", 1));
        fixture.given(placed(), new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L2"), "no stock"))
                .when(new CancelBackorderCommand(ORDER, RETAILER, ACTOR, "discontinued", LATER))
                .expectEvents(new OrderLinesCancelledEvent(ORDER, RETAILER, quantities, reason, LATER),
                        new RefundRequestedEvent(ORDER, RETAILER, quantities, new Money(BigDecimal.ONE, "EUR"), reason,
                                LATER));
    }

    @Test
    void cannotCancelABackorderTwice() {
        var reason = "backorder cancelled by " + ACTOR + ": discontinued";
        var quantities = List.of(new LineQuantity("L2", 1));
        fixture.given(placed(), new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L2"), "no stock"),
                        new OrderLinesCancelledEvent(ORDER, RETAILER, quantities, reason, LATER))
                .when(new CancelBackorderCommand(ORDER, RETAILER, ACTOR, "discontinued", LATER))
                .expectException(OrderStateConflict.class);
    }
}
