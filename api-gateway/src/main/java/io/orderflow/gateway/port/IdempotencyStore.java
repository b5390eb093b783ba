package io.orderflow.gateway.port;

import java.time.Duration;

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

        /**
         * response is null while the first request is still in flight; takenOverIn is then how long until the key
         * may be taken over by a retry if that request crashed (null if the store does not know).
         */
        record Existing(String requestHash, StoredResponse response, Duration takenOverIn) implements Claim {
            public Existing(String requestHash, StoredResponse response) {
                this(requestHash, response, null);
            }
        }
    }

    /** An answer; retryAfter (null: none) is told to the client and never stored with a completed key. */
    record StoredResponse(int status, String location, String body, Duration retryAfter) {
        public StoredResponse(int status, String location, String body) {
            this(status, location, body, null);
        }
    }
}
