package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.tracking.FindOrderTrackingQuery;
import io.orderflow.coreapi.tracking.OrderTracking;
import io.orderflow.gateway.port.PersonalDataVault;
import io.orderflow.gateway.web.AxonCalls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

/**
 * A customer may open the tracking link the moment the order is placed, and the read models may lag by seconds
 * (while a node's segments move to others). On virtual time: the link waits about 10 s for the order, no less.
 */
class TrackedOrdersTest {

    static final String ORDER_ID = "7d0c1f4e-0000-3000-8000-000000000001";
    static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    static final OrderView VIEW = new OrderView(ORDER_ID, "retailer-a", "SHOP-1", "PLACED", null, T0,
            List.of(new OrderView.Line("L1", "TSHIRT", 1, "PLACED", "s", 0, 0, 0, 0)), List.of(), List.of());
    static final OrderTracking TRACKING =
            new OrderTracking(ORDER_ID, "retailer-a", "Berlin", null, T0, null, null, 0, T0, List.of());
    // virtual time stands still while a step waits for a signal: one that never comes would otherwise wait forever
    static final Duration REAL_TIME_LIMIT = Duration.ofSeconds(5);

    final TrackingTokens tokens = new TrackingTokens("tracked-orders-test", "https://shop.example");
    final AxonCalls axon = mock(AxonCalls.class);
    final PersonalDataVault vault = mock(PersonalDataVault.class);
    final TrackedOrders orders = new TrackedOrders(tokens, axon, vault, Clock.fixed(T0, ZoneOffset.UTC));

    @BeforeEach
    void theOrderViewAndPersonalDataAreThereAtOnce() {
        doReturn(Mono.just(Optional.of(VIEW))).when(axon).query(any(FindOrderViewQuery.class), any());
        doReturn(Mono.just(Optional.empty())).when(vault).personalDataOf(any());
    }

    @Test
    void anOrderTheTrackingModelHasOnlyAfterEightSecondsIsStillFound() {
        pageComesAtEightSeconds(() -> orders.current(tokens.token(ORDER_ID)));
    }

    @Test
    void theLiveStreamOfAnOrderTheTrackingModelHasOnlyAfterEightSecondsStillStarts() {
        SubscriptionQueryResult<Optional<OrderView>, OrderView> subscription = mock(SubscriptionQueryResult.class);
        doReturn(Mono.just(Optional.of(VIEW))).when(subscription).initialResult();
        doReturn(Flux.never()).when(subscription).updates();
        doReturn(Mono.just(subscription)).when(axon).subscribe(any(FindOrderViewQuery.class), any(), any());

        pageComesAtEightSeconds(() -> orders.live(tokens.token(ORDER_ID)).flatMapMany(pages -> pages.take(1)));
    }

    @Test
    void anOrderTheReadModelsNeverHaveIsGivenUpOnAfterTenSecondsNotBefore() {
        trackingModelHasTheOrderFrom(null);

        // empty, so the controllers answer 404 (an error here answered 503, "retry shortly", for ever)
        StepVerifier.withVirtualTime(() -> orders.current(tokens.token(ORDER_ID)))
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(9_900))
                .thenAwait(Duration.ofMillis(200))
                .expectComplete()
                .verify(REAL_TIME_LIMIT);
    }

    /**
     * The order view has moved on and the tracking model stays behind it (its processor lags): after a second of
     * waiting for it, the page is made with the tracking row there is, not given up.
     */
    @Test
    void aPageWhoseTrackingRowLagsTheOrderViewIsMadeWithTheRowThereIs() {
        var later = new OrderView(ORDER_ID, "retailer-a", "SHOP-1", "ACCEPTED", null, T0.plusSeconds(30),
                VIEW.lines(), List.of(), List.of());
        doReturn(Mono.just(Optional.of(later))).when(axon).query(any(FindOrderViewQuery.class), any());
        trackingModelHasTheOrderFrom(Duration.ZERO);

        StepVerifier.withVirtualTime(() -> orders.current(tokens.token(ORDER_ID)))
                .expectSubscription()
                .thenAwait(Duration.ofSeconds(2))
                .assertNext(page -> assertThat(page.city()).isEqualTo("Berlin"))
                .expectComplete()
                .verify(REAL_TIME_LIMIT);
    }

    /** The tracking model has the order from 8 s on: nothing comes before, then its page. */
    private void pageComesAtEightSeconds(Supplier<Publisher<TrackingPage>> pages) {
        trackingModelHasTheOrderFrom(Duration.ofSeconds(8));

        StepVerifier.withVirtualTime(pages)
                .expectSubscription()
                .expectNoEvent(Duration.ofMillis(7_900))
                .thenAwait(Duration.ofMillis(200))
                .assertNext(page -> assertThat(page.city()).isEqualTo("Berlin"))
                .expectComplete()
                .verify(REAL_TIME_LIMIT);
    }

    /** The tracking model answers empty until {@code lag} has passed on the virtual clock; never, for null. */
    private void trackingModelHasTheOrderFrom(Duration lag) {
        doAnswer(query -> Mono.fromSupplier(() -> Optional.ofNullable(
                lag != null && VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS) >= lag.toMillis() ? TRACKING : null)))
                .when(axon).query(any(FindOrderTrackingQuery.class), any());
    }
}
