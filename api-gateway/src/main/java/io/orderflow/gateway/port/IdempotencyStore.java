package io.orderflow.gateway.port;

import reactor.core.publisher.Mono;

/** Port: remembers what was answered to each (retailer, Idempotency-Key). Implemented in infra. */
public interface IdempotencyStore {

    /**
     * Claims the key for this request, atomically. Answers {@link Claim.Claimed} when this request
     * owns the key now, or {@link Claim.Existing} with what is already recorded under it.
     */
    Mono<Claim> claim(String retailerId, String key, String requestHash);

    /** Records the answer of a claimed key; later claims replay it. */
    Mono<Void> complete(String retailerId, String key, StoredResponse response);

    /** Gives a claimed key up (the request failed in a way the client may retry). */
    Mono<Void> release(String retailerId, String key);

    sealed interface Claim {
        record Claimed() implements Claim {
        }

        /** response is null while the first request is still in flight. */
        record Existing(String requestHash, StoredResponse response) implements Claim {
        }
    }

    record StoredResponse(int status, String location, String body) {
    }
}
