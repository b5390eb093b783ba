package io.orderflow.gateway.order;

import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderStatus;
import io.orderflow.coreapi.order.FindOrderTimelineQuery;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderTimeline;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.gateway.idempotency.IdempotentRequests;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.tracking.TrackingTokens;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;
import io.orderflow.gateway.web.TraceParent;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.SubscriptionQueryResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/orders")
class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);
    // order ids are UUIDs; a longer path segment cannot name an order, so it is not worth a query
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration FIRST_VIEW_WAIT = Duration.ofSeconds(3);
    // marks the end of the views in the merged stream (compared by identity)
    private static final ServerSentEvent<OrderView> END = ServerSentEvent.<OrderView>builder().comment("end").build();

    private final IdempotentRequests idempotency;
    private final OrderPlacement placement;
    private final AxonCalls axon;
    private final TrackingTokens tracking;
    private final Duration heartbeat;
    private final Clock clock;

    OrderController(IdempotentRequests idempotency, OrderPlacement placement, AxonCalls axon, TrackingTokens tracking,
                    @Value("${orderflow.sse.heartbeat:15s}") Duration heartbeat, Clock clock) {
        this.clock = clock;
        this.idempotency = idempotency;
        this.placement = placement;
        this.axon = axon;
        this.tracking = tracking;
        this.heartbeat = heartbeat;
    }

    static String location(String orderId) {
        return "/api/v1/orders/" + orderId;
    }

    @PostMapping
    Mono<ResponseEntity<byte[]>> place(@AuthenticationPrincipal Caller caller,
                                       @RequestHeader(name = IdempotentRequests.HEADER, required = false) String key,
                                       @Valid @RequestBody PlaceOrderRequest body,
                                       ServerWebExchange exchange) {
        var badKey = IdempotentRequests.checkKey(key,
                "a unique value per order and reuse it on retries");
        if (badKey.isPresent()) {
            return Mono.error(new ErrorResponseException(HttpStatus.BAD_REQUEST, badKey.get(), null));
        }
        var badDate = body.outsideDateWindow(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        if (badDate.isPresent()) {
            return Mono.error(badDate.get());
        }
        String correlationId = CorrelationId.of(exchange);
        String traceId = TraceParent.traceId(exchange).orElse(null);
        String retailer = caller.retailerId().value();
        return idempotency.execute(retailer, key, OrderPlacement.requestHash(body),
                        () -> placement.place(caller, body, correlationId, traceId))
                .map(IdempotentRequests::answer);
    }

    @GetMapping("/{orderId}")
    Mono<OrderView> view(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        return findView(caller, orderId)
                .map(view -> view.withTrackingUrl(tracking.trackingUrl(view.orderId())))
                .switchIfEmpty(Mono.error(OrderController::notFound));
    }

    @GetMapping("/{orderId}/timeline")
    Mono<List<OrderTimeline.Entry>> timeline(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(notFound());
        }
        return axon.query(new FindOrderTimelineQuery(new OrderId(orderId), caller.retailerId()),
                        ResponseTypes.optionalInstanceOf(OrderTimeline.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(OrderController::unavailable)
                .flatMap(Mono::justOrEmpty)
                .map(OrderTimeline::entries)
                .filter(entries -> entries != null && !entries.isEmpty())
                // stable: entries with the same instant keep the order the read model gave them
                .map(entries -> entries.stream().sorted(Comparator.comparing(OrderTimeline.Entry::at)).toList())
                .switchIfEmpty(Mono.error(OrderController::notFound));
    }

    /**
     * The order view now and on every change, as SSE events named {@code order}. Ends after DELIVERED or
     * CANCELLED; comment lines keep proxies from closing a quiet stream.
     */
    @GetMapping("/{orderId}/stream")
    Mono<ResponseEntity<Flux<ServerSentEvent<OrderView>>>> stream(@AuthenticationPrincipal Caller caller,
                                                                  @PathVariable String orderId) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(notFound());
        }
        var query = new FindOrderViewQuery(new OrderId(orderId), caller.retailerId());
        return axon.subscribe(query, ResponseTypes.optionalInstanceOf(OrderView.class),
                        ResponseTypes.instanceOf(OrderView.class))
                .onErrorMap(OrderController::unavailable)
                .flatMap(subscription -> {
                    // a client that just placed the order may ask before the view exists: wait for it briefly
                    Flux<OrderView> views = Flux.concat(
                                    subscription.initialResult().timeout(QUERY_TIMEOUT).flatMap(Mono::justOrEmpty),
                                    subscription.updates())
                            .filter(view -> ownedBy(view, caller))
                            .cache();
                    return views.next()
                            .timeout(FIRST_VIEW_WAIT, Mono.empty())
                            .map(first -> ResponseEntity.ok()
                                    .contentType(MediaType.TEXT_EVENT_STREAM)
                                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                                    // nginx and friends buffer responses unless told otherwise
                                    .header("X-Accel-Buffering", "no")
                                    .body(events(subscription, views, heartbeat)))
                            .switchIfEmpty(Mono.error(OrderController::notFound))
                            .doOnError(e -> subscription.close())
                            .onErrorMap(OrderController::unavailable)
                            .doOnCancel(subscription::close);
                });
    }

    Flux<ServerSentEvent<OrderView>> events(SubscriptionQueryResult<Optional<OrderView>, OrderView> subscription,
                                           Flux<OrderView> orderViews, Duration heartbeatInterval) {
        Flux<ServerSentEvent<OrderView>> views = orderViews
                .takeUntil(view -> isFinal(view.status()))
                .map(view -> ServerSentEvent.builder(view.withTrackingUrl(tracking.trackingUrl(view.orderId())))
                        .event("order")
                        .build())
                .concatWithValues(END);
        Flux<ServerSentEvent<OrderView>> heartbeats = Flux.interval(heartbeatInterval)
                .map(tick -> ServerSentEvent.<OrderView>builder().comment("heartbeat").build());
        // END stops the merge, and with it the heartbeats, once the views are done
        return Flux.merge(views, heartbeats)
                .takeWhile(event -> event != END)
                .doFinally(signal -> subscription.close());
    }

    private Mono<OrderView> findView(Caller caller, String orderId) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.empty();
        }
        return axon.query(new FindOrderViewQuery(new OrderId(orderId), caller.retailerId()),
                        ResponseTypes.optionalInstanceOf(OrderView.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(OrderController::unavailable)
                .flatMap(Mono::justOrEmpty)
                .filter(view -> ownedBy(view, caller));
    }

    // The query is already scoped to the caller's retailer; this is the second lock on the same door.
    private static boolean ownedBy(OrderView view, Caller caller) {
        return view.retailerId() == null || view.retailerId().equals(caller.retailerId().value());
    }

    private static boolean isFinal(String status) {
        return OrderStatus.DELIVERED.name().equals(status) || OrderStatus.CANCELLED.name().equals(status);
    }

    // Same answer whether the order does not exist or belongs to another retailer: ids must not leak.
    private static ErrorResponseException notFound() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such order.");
    }

    private static Throwable unavailable(Throwable failure) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("Order query failed: {}", failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "Orders cannot be read right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
