package io.orderflow.gateway.port;

import java.util.List;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: the event store as auditors read it (implemented in infra). Payload and metadata come as the JSON they were
 * stored as, never turned back into Java types, so history reads the same whatever the code's version.
 */
public interface AuditTrail {

    /** The order's events, oldest first; empty when there is no such order or it belongs to another retailer. */
    Flux<StoredEvent> orderHistory(String orderId, String retailerId);

    /**
     * The position up to which the event store's history is settled: no event at or below it can still appear
     * (the global index may have gaps that a slow transaction fills late). Exports stop there.
     */
    Mono<Long> settledPosition();

    /**
     * The retailer's events with a global index in (after, upTo], in global order, at most {@code limit}, read
     * page by page as the subscriber asks for them.
     */
    Flux<StoredEvent> events(String retailerId, long after, long upTo, long limit);

    /**
     * Recomputes the hash chain from the stored events and checks it against the stored chain and its seals. With a
     * retailer, the report counts and names only that retailer's events (deleted events and rewritten seals, whose
     * owner cannot be told, are reported to everyone without detail); with null, the whole store (platform scope).
     */
    Mono<IntegrityReport> verifyIntegrity(String retailerId);

    /**
     * @param personalData for an event that carries the customer's personal data: {@value #SEALED} (encrypted in
     *                     the payload), {@value #ERASED} (its key destroyed; a clear-text payload stored before
     *                     sealing is then shown with those fields replaced), or {@value #CLEAR} (stored before
     *                     sealing, not erased); null for any other event
     */
    record StoredEvent(long globalIndex, String aggregateType, String aggregateId, long sequence, String eventId,
                       String payloadType, String payloadRevision, String timestamp, String metadataJson,
                       String payloadJson, String personalData) {

        public static final String SEALED = "sealed";
        public static final String ERASED = "erased";
        public static final String CLEAR = "clear";
    }

    /**
     * @param status        VERIFIED, or TAMPERED when anything below {@code chainedThrough} no longer matches, or
     *                      NOT_SEALED in Axon Server mode (the events are not in PostgreSQL, where the chain is kept)
     * @param scope         {@value #PLATFORM} (every event) or {@value #RETAILER} (the caller's events only)
     * @param problems      the first mismatches in global order (at most a few dozen), the first one first
     */
    record IntegrityReport(String status, String scope, long seals, long eventsVerified, long sealedThrough,
                           long chainedThrough, long settledPosition, long durationMillis, List<Mismatch> problems) {

        public static final String PLATFORM = "platform";
        public static final String RETAILER = "retailer";
    }

    /**
     * One event that no longer matches. aggregateId and sequence are given only for the caller's own events.
     *
     * @param problem CHANGED (its content no longer hashes to the chain), DELETED, INSERTED (it appeared inside
     *                already chained history), or SEAL_BROKEN (the stored chain itself was rewritten)
     */
    record Mismatch(long globalIndex, String eventId, String payloadType, String aggregateId, Long sequence,
                    Long seal, String problem, String detail) {
    }
}
