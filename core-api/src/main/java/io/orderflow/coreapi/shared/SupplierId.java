package io.orderflow.coreapi.shared;

import java.util.Objects;

public record SupplierId(String value) {
    public SupplierId {
        Objects.requireNonNull(value, "supplier id");
    }

    @Override
    public String toString() {
        return value;
    }
}
