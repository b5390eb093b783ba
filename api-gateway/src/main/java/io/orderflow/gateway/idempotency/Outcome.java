package io.orderflow.gateway.idempotency;

import io.orderflow.gateway.port.IdempotencyStore.StoredResponse;

/** What the work behind an idempotency key came to: an answer to keep, or one the client should retry. */
public sealed interface Outcome {

    StoredResponse response();

    /** Recorded under the key; every later request with the same key and body gets exactly this. */
    record Final(StoredResponse response) implements Outcome {
    }

    /** Not recorded: the key is given up so that a retry runs the work again. */
    record Retryable(StoredResponse response) implements Outcome {
    }
}
