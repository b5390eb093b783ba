package io.orderflow.gateway.tracking;

import io.orderflow.gateway.web.Problems;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The JSON behind the tracking page. No API key: the signed token is the credential, and it names one order. */
@RestController
@RequestMapping("/api/v1/tracking/{token}")
class TrackingApiController {

    private static final Logger log = LoggerFactory.getLogger(TrackingApiController.class);

    private final TrackedOrders orders;
    private final Duration heartbeat;

    TrackingApiController(TrackedOrders orders, @Value("${orderflow.sse.heartbeat:15s}") Duration heartbeat) {
        this.orders = orders;
        this.heartbeat = heartbeat;
    }

    @GetMapping
    Mono<ResponseEntity<TrackingPage>> page(@PathVariable String token) {
        return orders.current(token)
                .onErrorMap(TrackingApiController::unavailable)
                .map(page -> ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("Referrer-Policy", "no-referrer").body(page))
                .switchIfEmpty(Mono.error(TrackingApiController::notFound));
    }

    /** The page now and on every change, as server-sent events named {@code tracking}; ends once it is final. */
    @GetMapping("/stream")
    Mono<ResponseEntity<Flux<ServerSentEvent<TrackingPage>>>> stream(@PathVariable String token) {
        return orders.live(token)
                .onErrorMap(TrackingApiController::unavailable)
                .map(pages -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("X-Accel-Buffering", "no")
                        .body(TrackedOrders.events(pages, "tracking", heartbeat)))
                .switchIfEmpty(Mono.error(TrackingApiController::notFound));
    }

    // A wrong, altered or foreign token and an unknown order look the same: nothing to learn by probing.
    static ErrorResponseException notFound() {
        return Problems.error(HttpStatus.NOT_FOUND, "No order is tracked under this link.");
    }

    static Throwable unavailable(Throwable failure) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("Tracking read failed: {}", failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "Tracking is unavailable right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
