package io.orderflow.infra.connector;

/**
 * A supplier call that failed, classified: transient failures (5xx, 429, timeouts) may succeed when retried;
 * permanent ones will not (our request is wrong, the supplier is unreachable for good); business ones are the
 * supplier refusing the order itself, which is a rejection.
 */
public class SupplierCallException extends RuntimeException {

    public enum Kind { TRANSIENT, PERMANENT, BUSINESS }

    private final Kind kind;

    public SupplierCallException(String message, boolean transientFailure) {
        this(message, transientFailure ? Kind.TRANSIENT : Kind.PERMANENT);
    }

    public SupplierCallException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    public boolean isTransient() {
        return kind == Kind.TRANSIENT;
    }

    public Kind kind() {
        return kind;
    }
}
