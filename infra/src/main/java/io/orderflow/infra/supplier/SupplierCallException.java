package io.orderflow.infra.supplier;

/** A supplier call that failed; transient failures (5xx, 429, timeouts) may succeed when retried. */
class SupplierCallException extends RuntimeException {

    private final boolean transientFailure;

    SupplierCallException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    boolean isTransient() {
        return transientFailure;
    }
}
