package io.orderflow.gateway.tracking;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The customer's tracking page, {@code GET /track/{token}}: rendered on the server (it works without script), then
 * kept current by its script from {@code /track/{token}/updates}, which sends the page's main content again on
 * every change. A wrong or altered token gets a 404 page.
 */
@RestController
class TrackingPageController {

    private static final MediaType HTML = new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final TrackedOrders orders;
    private final Duration heartbeat;

    TrackingPageController(TrackedOrders orders, @Value("${orderflow.sse.heartbeat:15s}") Duration heartbeat) {
        this.orders = orders;
        this.heartbeat = heartbeat;
    }

    @GetMapping("/track/{token}")
    Mono<ResponseEntity<String>> page(@PathVariable String token) {
        String nonce = nonce();
        return orders.current(token)
                .map(page -> html(HttpStatus.OK, nonce,
                        TrackingHtml.document(page, nonce, "/track/" + token + "/updates")))
                .defaultIfEmpty(html(HttpStatus.NOT_FOUND, nonce, TrackingHtml.notFound(nonce)))
                .onErrorResume(e -> Mono.error(TrackingApiController.unavailable(e)));
    }

    @GetMapping("/track/{token}/updates")
    Mono<ResponseEntity<Flux<ServerSentEvent<String>>>> updates(@PathVariable String token) {
        return orders.live(token)
                .onErrorMap(TrackingApiController::unavailable)
                .map(pages -> ResponseEntity.ok()
                        .contentType(MediaType.TEXT_EVENT_STREAM)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .header("X-Accel-Buffering", "no")
                        .body(TrackedOrders.events(pages.map(TrackingHtml::main), "update", heartbeat)))
                .switchIfEmpty(Mono.error(TrackingApiController::notFound));
    }

    private static ResponseEntity<String> html(HttpStatus status, String nonce, String body) {
        return ResponseEntity.status(status)
                .contentType(HTML)
                .header("Content-Security-Policy", TrackingHtml.contentSecurityPolicy(nonce))
                .header("Referrer-Policy", "no-referrer")
                .header("X-Robots-Tag", "noindex, nofollow")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
