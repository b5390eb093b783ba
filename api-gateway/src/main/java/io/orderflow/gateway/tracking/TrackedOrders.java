package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.order.PersonalData;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.tracking.FindOrderTrackingQuery;
import io.orderflow.coreapi.tracking.OrderTracking;
import io.orderflow.gateway.port.PersonalDataVault;
import io.orderflow.gateway.web.AxonCalls;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The order behind a tracking token, now and live. The page combines two read models: the order view (status,
 * shipments; its subscription query brings every change) and the tracking model (city, dates). They
 * are written by different processors, so on each change the tracking model is read until it has caught up with
 * the order view (both carry the time of the last order event applied), for a moment at most. The greeting's first
 * name comes from the order's sealed personal data, opened once per page or stream: no read model keeps it.
 */
@Component
class TrackedOrders {

    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    // a customer may open the link the moment the order is placed, and a token we signed names an order that exists:
    // give the read models time to have it, also while a node that wrote them is replaced (3 s was too short for the
    // tracking model while segments moved between nodes: MultiNodeIT's streams then ended at once with a 404)
    static final Duration FIRST_WAIT = Duration.ofSeconds(10);
    static final Duration CATCH_UP_WAIT = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofMillis(50);

    private final TrackingTokens tokens;
    private final AxonCalls axon;
    private final PersonalDataVault vault;
    private final Clock clock;

    TrackedOrders(TrackingTokens tokens, AxonCalls axon, PersonalDataVault vault, Clock clock) {
        this.tokens = tokens;
        this.axon = axon;
        this.vault = vault;
        this.clock = clock;
    }

    /** The page as it is now; empty for a token this server did not issue, or an order it does not know. */
    Mono<TrackingPage> current(String token) {
        return orderOf(token).flatMap(orderId -> tracking(orderId, null, FIRST_WAIT)
                .flatMap(tracking -> Mono.zip(view(orderId, tracking.retailerId()), firstName(orderId))
                        .flatMap(found -> page(orderId, tracking, found.getT1(), found.getT2().orElse(null)))));
    }

    /**
     * The page now and after every change of the order, ending with the change after which nothing more happens
     * (delivered, cancelled). Empty when the token names no order we know.
     */
    Mono<Flux<TrackingPage>> live(String token) {
        return orderOf(token).flatMap(orderId -> tracking(orderId, null, FIRST_WAIT)
                .zipWith(firstName(orderId))
                .flatMap(found -> live(orderId, found.getT1(), found.getT2().orElse(null))));
    }

    private Mono<Flux<TrackingPage>> live(OrderId orderId, OrderTracking first, String firstName) {
        return axon.subscribe(new FindOrderViewQuery(orderId, new RetailerId(first.retailerId())),
                        ResponseTypes.optionalInstanceOf(OrderView.class), ResponseTypes.instanceOf(OrderView.class))
                .map(subscription -> Flux.concat(
                                        subscription.initialResult().timeout(QUERY_TIMEOUT).flatMap(Mono::justOrEmpty),
                                        subscription.updates())
                                .filter(view -> first.retailerId().equals(view.retailerId()))
                                .concatMap(view -> page(orderId, first, view, firstName))
                                .distinctUntilChanged()
                                .takeUntil(TrackingPage::finished)
                                .doFinally(signal -> subscription.close()));
    }

    /**
     * Server-sent events of {@code pages}, each named {@code event}, with comment lines every {@code heartbeat}
     * so that proxies keep a quiet stream open; ends when the pages end.
     */
    static <T> Flux<ServerSentEvent<T>> events(Flux<T> pages, String event, Duration heartbeat) {
        ServerSentEvent<T> end = ServerSentEvent.<T>builder().comment("end").build();
        Flux<ServerSentEvent<T>> updates = pages.map(page -> ServerSentEvent.builder(page).event(event).build())
                .concatWithValues(end);
        Flux<ServerSentEvent<T>> heartbeats = Flux.interval(heartbeat)
                .map(tick -> ServerSentEvent.<T>builder().comment("heartbeat").build());
        return Flux.merge(updates, heartbeats).takeWhile(sse -> sse != end);
    }

    private Mono<OrderId> orderOf(String token) {
        return Mono.justOrEmpty(tokens.verify(token)).map(OrderId::new);
    }

    /** {@code known} is used as it is when it has caught up with the view, and as a last resort otherwise. */
    private Mono<TrackingPage> page(OrderId orderId, OrderTracking known, OrderView view, String firstName) {
        boolean caughtUp = known.updatedAt() == null || view.updatedAt() == null
                || !known.updatedAt().isBefore(view.updatedAt());
        Mono<OrderTracking> tracking = caughtUp ? Mono.just(known)
                : tracking(orderId, view.updatedAt(), CATCH_UP_WAIT)
                        .switchIfEmpty(tracking(orderId, null, Duration.ZERO))
                        .defaultIfEmpty(known);
        return tracking.map(t -> TrackingPages.compose(view, t, firstName,
                LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)));
    }

    /** The tracking row, once it has applied the order's events up to {@code notBefore}; empty after {@code wait}. */
    private Mono<OrderTracking> tracking(OrderId orderId, Instant notBefore, Duration wait) {
        return pollWhileEmpty(Mono.defer(() -> axon.query(new FindOrderTrackingQuery(orderId),
                                ResponseTypes.optionalInstanceOf(OrderTracking.class))
                        .timeout(QUERY_TIMEOUT)
                        .flatMap(Mono::justOrEmpty))
                .filter(t -> notBefore == null || t.updatedAt() == null || !t.updatedAt().isBefore(notBefore)), wait);
    }

    /**
     * Asks again every {@link #POLL} while the answer is empty, for {@code wait} at most; then ends empty. (Reactor's
     * {@code repeatWhenEmpty(maxRepeat, ...)} ends in an error instead: an order that never came answered 503, not
     * 404, and a page whose tracking row lagged never fell back to the row it had.)
     */
    private static <T> Mono<T> pollWhileEmpty(Mono<T> ask, Duration wait) {
        long attempts = Math.max(0, wait.toMillis() / POLL.toMillis());
        return ask.repeatWhenEmpty(repeats -> repeats.take(attempts).delayElements(POLL));
    }

    private Mono<Optional<String>> firstName(OrderId orderId) {
        return vault.personalDataOf(orderId).map(data -> data
                .map(PersonalData::customer)
                .map(customer -> TrackingPages.firstName(customer.name())));
    }

    private Mono<OrderView> view(OrderId orderId, String retailerId) {
        return pollWhileEmpty(Mono.defer(() -> axon.query(new FindOrderViewQuery(orderId, new RetailerId(retailerId)),
                                ResponseTypes.optionalInstanceOf(OrderView.class))
                        .timeout(QUERY_TIMEOUT)
                        .flatMap(view -> Mono.justOrEmpty(view.filter(v -> retailerId.equals(v.retailerId()))))),
                FIRST_WAIT);
    }
}
