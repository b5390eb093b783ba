package io.orderflow.gateway.idempotency;

import io.orderflow.gateway.port.IdempotencyStore;
import io.orderflow.gateway.port.IdempotencyStore.Claim;
import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;
import io.orderflow.gateway.web.Problems;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Runs work at most once per (retailer, Idempotency-Key) and answers repeats with the first answer. Same key,
 * other body: 422. Same key while the first request still runs: wait for its answer, then 409 with Retry-After.
 */
@Component
public class IdempotentRequests {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 255;

    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final IdempotencyStore store;
    private final Duration inFlightWait;
    private final Counter replayed;
    private final Counter otherBody;
    private final Counter stillRunning;

    IdempotentRequests(IdempotencyStore store,
                       @Value("${orderflow.idempotency.in-flight-wait:3s}") Duration inFlightWait,
                       ObjectProvider<MeterRegistry> meters) {
        this.store = store;
        this.inFlightWait = inFlightWait;
        var registry = meters.getIfAvailable(SimpleMeterRegistry::new);
        this.replayed = replays(registry, "replayed");
        this.otherBody = replays(registry, "other_body");
        this.stillRunning = replays(registry, "in_flight");
    }

    /**
     * {@code orderflow.idempotency.replays{outcome}}: requests that came with a key already used: answered with the
     * first answer (replayed), refused for another body (other_body, 422) or while the first still ran (in_flight, 409).
     */
    private static Counter replays(MeterRegistry registry, String outcome) {
        return Counter.builder("orderflow.idempotency.replays")
                .description("Requests whose Idempotency-Key was already used, by how they were answered")
                .tag("outcome", outcome)
                .register(registry);
    }

    /**
     * Empty if the key is usable, else the problem to answer (400).
     *
     * @param usage what one key stands for at this endpoint, in words that finish "send ...", e.g. "a unique value
     *              per order and reuse it on retries"
     */
    public static Optional<ProblemDetail> checkKey(String key, String usage) {
        if (key == null || key.isBlank()) {
            return Optional.of(Problems.problem(HttpStatus.BAD_REQUEST,
                    "The " + HEADER + " header is required: send " + usage + "."));
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return Optional.of(Problems.problem(HttpStatus.BAD_REQUEST,
                    "The " + HEADER + " header must be at most " + MAX_KEY_LENGTH + " characters long."));
        }
        return Optional.empty();
    }

    /**
     * @param requestHash identifies the request body; a repeat with another hash is refused
     * @param work        runs only if this request claimed the key; must not fail (turn failures into outcomes)
     */
    public Mono<StoredResponse> execute(String retailerId, String key, String requestHash, Supplier<Mono<Outcome>> work) {
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        return attempt(retailerId, key, requestHash, work, deadline)
                .onErrorResume(StoreUnavailable.class, e -> {
                    log.warn("Idempotency store unavailable: {}", e.getCause().toString());
                    return Mono.just(unavailable());
                });
    }

    private Mono<StoredResponse> attempt(String retailerId, String key, String requestHash,
                                         Supplier<Mono<Outcome>> work, long deadline) {
        return store.claim(retailerId, key, requestHash)
                .onErrorMap(StoreUnavailable::new)
                .switchIfEmpty(Mono.error(() -> new StoreUnavailable(new IllegalStateException("claim answered nothing"))))
                .flatMap(claim -> switch (claim) {
                    case Claim.Claimed claimed -> runClaimed(retailerId, key, work);
                    case Claim.Existing existing when !existing.requestHash().equals(requestHash) -> {
                        otherBody.increment();
                        yield Mono.just(problem(HttpStatus.UNPROCESSABLE_ENTITY,
                                "This " + HEADER + " was already used with a different request body."));
                    }
                    case Claim.Existing existing when existing.response() != null -> {
                        replayed.increment();
                        yield Mono.just(existing.response());
                    }
                    case Claim.Existing inFlight -> {
                        if (System.nanoTime() - deadline < 0) {
                            // Mono.delay parks nothing: the poll resumes on a timer thread
                            yield Mono.delay(POLL_INTERVAL).then(Mono.defer(() -> attempt(retailerId, key, requestHash, work, deadline)));
                        }
                        stillRunning.increment();
                        yield Mono.just(stillInFlight(inFlight.takenOverIn()));
                    }
                });
    }

    private Mono<StoredResponse> runClaimed(String retailerId, String key, Supplier<Mono<Outcome>> work) {
        // Once claimed, the work and the record of its answer run to the end even if the client goes away:
        // otherwise the key would stay in flight until it goes stale and every retry would wait for nothing.
        var detached = Mono.defer(work)
                .onErrorResume(e -> {
                    log.warn("Work behind an idempotency key failed unexpectedly", e);
                    return Mono.just(new Outcome.Retryable(unavailable()));
                })
                .flatMap(outcome -> switch (outcome) {
                    case Outcome.Final done -> store.complete(retailerId, key, done.response())
                            .onErrorResume(e -> {
                                // the answer is still true; a retry will find the key in flight, then stale
                                log.warn("Could not record the answer under an idempotency key: {}", e.toString());
                                return Mono.empty();
                            })
                            .thenReturn(done.response());
                    case Outcome.Retryable retry -> store.release(retailerId, key)
                            .onErrorResume(e -> {
                                log.warn("Could not release an idempotency key: {}", e.toString());
                                return Mono.empty();
                            })
                            .thenReturn(retry.response());
                })
                .toFuture();
        return Mono.fromFuture(detached, true);
    }

    /**
     * 409 while the key's first request runs. Retry-After says when a retry will find its answer or, if it was cut off
     * (a crash), take the key over: without it, clients retried at once and were told 409 until the key went stale.
     */
    private static StoredResponse stillInFlight(Duration takenOverIn) {
        long seconds = takenOverIn == null ? 1 : Math.max(1, (takenOverIn.toMillis() + 999) / 1000);
        var conflict = problem(HttpStatus.CONFLICT, "A request with this " + HEADER + " is still being processed;"
                + " retry with the same key in " + seconds + " s (Retry-After).");
        return new StoredResponse(conflict.status(), null, conflict.body(), Duration.ofSeconds(seconds));
    }

    private static StoredResponse unavailable() {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "The service is briefly unavailable; retry with the same "
                + HEADER + ".");
    }

    private static StoredResponse problem(HttpStatus status, String detail) {
        return problem(status, detail, Map.of());
    }

    /** A problem document, as it is stored under a key and answered again to the request's retries. */
    public static StoredResponse problem(HttpStatus status, String detail, Map<String, ?> properties) {
        return new StoredResponse(status.value(), null, Problems.json(Problems.problem(status, detail, properties)));
    }

    /** A stored answer as HTTP: JSON or a problem document, its Location, and Retry-After on a 503 or a 409 in flight. */
    public static ResponseEntity<byte[]> answer(StoredResponse stored) {
        var response = ResponseEntity.status(stored.status())
                .contentType(stored.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON);
        if (stored.location() != null) {
            response.header(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(stored.retryAfter().toSeconds()));
        } else if (stored.status() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(stored.body() == null ? new byte[0] : stored.body().getBytes(StandardCharsets.UTF_8));
    }

    /** The hash a key's request is recognised by: the same key with another request is refused. */
    public static String requestHash(byte[] canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public static String requestHash(String canonical) {
        return requestHash(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static final class StoreUnavailable extends RuntimeException {
        StoreUnavailable(Throwable cause) {
            super(cause);
        }
    }
}
