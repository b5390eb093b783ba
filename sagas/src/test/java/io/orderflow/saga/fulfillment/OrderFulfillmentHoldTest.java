package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.ExpireOrderHoldCommand;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.RouteOrderCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.orderflow.saga.fulfillment.OrderFulfillmentSagaTest.*;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.instanceOf;

/** A held order waits for a person until the hold deadline, never for ever (issue 12). */
class OrderFulfillmentHoldTest {

    static final Duration DEADLINE = Duration.ofHours(72);
    static final OrderPutOnHoldEvent HELD = new OrderPutOnHoldEvent(ORDER, RETAILER, "no supplier can serve L1");

    SagaTestFixture<OrderFulfillmentSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(OrderFulfillmentSaga.class);
        fixture.registerResource(new HoldDeadline(DEADLINE));
    }

    @Test
    void canWaitForAPersonUntilTheHoldDeadline() {
        fixture.givenAPublished(placed())
                .whenAggregate(ORDER.value()).publishes(HELD)
                .expectScheduledDeadlineWithName(DEADLINE, OrderFulfillmentSaga.HOLD_DEADLINE)
                .expectNoDispatchedCommands();
    }

    @Test
    void canExpireAHoldNobodyReleased() {
        fixture.givenAPublished(placed()).andThenAPublished(HELD)
                .whenTimeElapses(DEADLINE.plusSeconds(1))
                .expectDeadlinesMetMatching(exactSequenceOf(messageWithPayload(org.hamcrest.Matchers.anything())))
                .expectDispatchedCommandsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(ExpireOrderHoldCommand.class))));
    }

    @Test
    void canRouteAgainOnceReleased() {
        var at = Instant.parse("2026-11-28T10:00:00Z");
        fixture.givenAPublished(placed()).andThenAPublished(HELD)
                .whenAggregate(ORDER.value()).publishes(new OrderHoldReleasedEvent(ORDER, RETAILER, "api-key:ops",
                        "stock arrived", at))
                .expectNoScheduledDeadlines()
                .expectDispatchedCommandsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(RouteOrderCommand.class))));
    }

    @Test
    void cannotExpireAReleasedHold() {
        var at = Instant.parse("2026-11-28T10:00:00Z");
        fixture.givenAPublished(placed()).andThenAPublished(HELD)
                .andThenAPublished(new OrderHoldReleasedEvent(ORDER, RETAILER, "api-key:ops", "stock arrived", at))
                .whenTimeElapses(DEADLINE.plusSeconds(1))
                .expectNoDispatchedCommands();
    }

    @Test
    void canStopWaitingOnceTheHoldExpired() {
        fixture.givenAPublished(placed()).andThenAPublished(HELD)
                .whenAggregate(ORDER.value()).publishes(new OrderHoldExpiredEvent(ORDER, RETAILER, DEADLINE,
                        List.of("L1"), Instant.parse("2026-11-30T10:00:00Z")))
                .expectNoScheduledDeadlines();
    }

    @Test
    void canEndAHeldOrdersSagaWhenTheOrderCompletes() {
        fixture.givenAPublished(placed()).andThenAPublished(HELD)
                .whenAggregate(ORDER.value()).publishes(new OrderCompletedEvent(ORDER, RETAILER,
                        Instant.parse("2026-11-30T10:00:00Z")))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void canRouteABackorderAgainWhenAPersonAsks() {
        fixture.givenAPublished(placed())
                .whenAggregate(ORDER.value()).publishes(new BackorderRetryRequestedEvent(ORDER, RETAILER,
                        List.of("L1"), "api-key:ops", "restocked", Instant.parse("2026-11-28T10:00:00Z")))
                .expectDispatchedCommandsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(RouteOrderCommand.class))));
    }
}
