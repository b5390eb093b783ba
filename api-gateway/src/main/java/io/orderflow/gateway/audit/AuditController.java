package io.orderflow.gateway.audit;

import io.orderflow.coreapi.audit.FindOrderStateAsOfQuery;
import io.orderflow.coreapi.audit.OrderStateAsOf;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.port.AuditTrail;
import io.orderflow.gateway.port.AuditTrail.IntegrityReport;
import io.orderflow.gateway.security.Caller;
import io.orderflow.gateway.web.Problems;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The auditors' view of history (scope {@code audit}), always scoped to the caller's retailer. */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

    static final String SETTLED_HEADER = "X-Audit-Settled-Position";
    static final MediaType NDJSON = MediaType.APPLICATION_NDJSON;
    private static final Logger log = LoggerFactory.getLogger(AuditController.class);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final int LINES_PER_CHUNK = 256;
    private static final JsonMapper LINE_WRITER = JsonMapper.builder().build();

    private final AuditTrail trail;
    private final AxonCalls axon;
    private final Clock clock;

    AuditController(AuditTrail trail, AxonCalls axon, Clock clock) {
        this.trail = trail;
        this.axon = axon;
        this.clock = clock;
    }

    /** Every event of the order, oldest first, with its metadata and payload as stored. */
    @GetMapping("/orders/{orderId}/events")
    Mono<List<AuditEvent>> orderEvents(@AuthenticationPrincipal Caller caller, @PathVariable String orderId) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(noSuchOrder());
        }
        return trail.orderHistory(orderId, caller.retailerId().value())
                .map(AuditEvent::of)
                .collectList()
                .onErrorMap(AuditController::unavailable)
                .filter(events -> !events.isEmpty())
                .switchIfEmpty(Mono.error(AuditController::noSuchOrder));
    }

    /** The order view as it was at {@code asOf}: the order's events recorded up to then, folded as the view folds them. */
    @GetMapping("/orders/{orderId}/state")
    Mono<OrderStateAsOf> stateAsOf(@AuthenticationPrincipal Caller caller, @PathVariable String orderId,
                                   @RequestParam(required = false) String asOf) {
        if (!OrderId.isWellFormed(orderId)) {
            return Mono.error(noSuchOrder());
        }
        Instant instant;
        try {
            instant = asOf == null || asOf.isBlank() ? clock.instant() : Instant.parse(asOf);
        } catch (DateTimeParseException e) {
            return Mono.error(Problems.error(HttpStatus.BAD_REQUEST,
                    "asOf must be an ISO-8601 instant such as 2026-05-01T12:00:00Z."));
        }
        return axon.query(new FindOrderStateAsOfQuery(new OrderId(orderId), caller.retailerId(), instant),
                        ResponseTypes.optionalInstanceOf(OrderStateAsOf.class))
                .timeout(QUERY_TIMEOUT)
                .onErrorMap(AuditController::unavailable)
                .flatMap(Mono::justOrEmpty)
                .switchIfEmpty(Mono.error(() -> Problems.error(HttpStatus.NOT_FOUND,
                        "No such order, or it had not been placed yet at " + instant + ".")));
    }

    /**
     * Every event of the caller's retailer with a global index above {@code after}, in global order, one JSON
     * object per line, streamed as the client reads. Stops at the settled position (sent in {@value #SETTLED_HEADER}):
     * to continue, ask again with {@code after} = the last globalIndex received; nothing is missed or repeated.
     */
    @GetMapping("/events")
    Mono<ResponseEntity<Flux<DataBuffer>>> export(@AuthenticationPrincipal Caller caller,
                                                  @RequestParam(defaultValue = "0") String after,
                                                  @RequestParam(required = false) String limit,
                                                  ServerWebExchange exchange) {
        long from = number(after, "after", 0, Long.MAX_VALUE);
        long max = limit == null ? 0 : number(limit, "limit", 1, 100_000_000);
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return trail.settledPosition()
                .onErrorMap(AuditController::unavailable)
                .map(settled -> ResponseEntity.ok()
                        .contentType(NDJSON)
                        .header(SETTLED_HEADER, Long.toString(settled))
                        .header("X-Accel-Buffering", "no")
                        .body(trail.events(caller.retailerId().value(), from, settled, max)
                                .map(AuditEvent::of)
                                // lines go out in chunks: written (and flushed) one by one they cost a syscall each
                                .buffer(LINES_PER_CHUNK)
                                .map(events -> lines(events, buffers))));
    }

    private static DataBuffer lines(List<AuditEvent> events, DataBufferFactory buffers) {
        var out = new ByteArrayOutputStream(events.size() * 1024);
        for (AuditEvent event : events) {
            out.writeBytes(LINE_WRITER.writeValueAsBytes(event));
            out.write('\n');
        }
        return buffers.wrap(out.toByteArray());
    }

    /**
     * Recomputes the hash chain from the stored events; names the first event that no longer matches. A retailer's
     * auditor sees its own events only; the whole store takes the {@code platform} scope, which no retailer key has.
     */
    @GetMapping("/integrity")
    Mono<IntegrityReport> integrity(@AuthenticationPrincipal Caller caller) {
        String retailer = caller.isPlatformOperator() ? null : caller.retailerId().value();
        return trail.verifyIntegrity(retailer).onErrorMap(AuditController::unavailable);
    }

    private static long number(String value, String name, long min, long max) {
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw Problems.error(HttpStatus.BAD_REQUEST, name + " must be a whole number from " + min + " to " + max + ".");
    }

    private static ErrorResponseException noSuchOrder() {
        return Problems.error(HttpStatus.NOT_FOUND, "No such order.");
    }

    static Throwable unavailable(Throwable failure) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        log.warn("Audit read failed: {}", failure.toString());
        var unavailable = Problems.error(HttpStatus.SERVICE_UNAVAILABLE, "History cannot be read right now; retry shortly.");
        unavailable.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
        return unavailable;
    }
}
