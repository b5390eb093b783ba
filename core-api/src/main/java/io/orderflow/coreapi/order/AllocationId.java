package io.orderflow.coreapi.order;

import java.util.Objects;

public record AllocationId(String value) {
    public AllocationId {
        Objects.requireNonNull(value, "allocation id");
    }

    @Override
    public String toString() {
        return value;
    }
}
