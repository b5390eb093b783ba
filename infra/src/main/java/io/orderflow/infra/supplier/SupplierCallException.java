package io.orderflow.infra.supplier;

/** A supplier call that failed; transient failures (5xx, 429, timeouts) may succeed when retried. */
public class SupplierCallException extends RuntimeException {

    private final boolean transientFailure;

    public SupplierCallException(String message, boolean transientFailure) {
        super(message);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
