package io.orderflow.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: retailers and their API keys as the platform API manages them (implemented in infra). Only hashes and
 * display prefixes cross it, never a clear key. A revoked or rotated key stops working on every node before the
 * returned {@link Mono} completes on this one, and at once on the others.
 */
public interface ApiKeyAdministration {

    /** The retailer created; empty when a retailer of that id exists already. */
    Mono<Retailer> createRetailer(String retailerId, String name, String actor);

    /** Every retailer, by id. */
    Flux<Retailer> retailers();

    Mono<Retailer> retailer(String retailerId);

    Mono<KeySummary> issue(String retailerId, NewKey key, String actor);

    /** The retailer's keys in force, oldest first. */
    Flux<KeySummary> keys(String retailerId);

    /** A new secret for the same key; empty when the retailer has no such key in force. */
    Mono<KeySummary> rotate(String retailerId, UUID keyId, String keyHash, String keyPrefix, String actor);

    /** True when revoked, false when the retailer had no such key in force. */
    Mono<Boolean> revoke(String retailerId, UUID keyId, String actor);

    record Retailer(String retailerId, String name, Instant createdAt) {
    }

    record NewKey(String name, List<String> scopes, String keyHash, String keyPrefix) {
    }

    record KeySummary(UUID keyId, String name, String prefix, List<String> scopes, Instant createdAt,
                      Instant lastRotatedAt) {
    }

    /** The key {@code ORDERFLOW_PLATFORM_KEY} names changes with that variable only. */
    final class NotRotatable extends RuntimeException {
        public NotRotatable(String message) {
            super(message);
        }
    }
}
