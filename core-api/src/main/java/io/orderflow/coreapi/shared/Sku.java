package io.orderflow.coreapi.shared;

import java.util.Objects;

public record Sku(String value) {
    public Sku {
        Objects.requireNonNull(value, "sku");
    }

    @Override
    public String toString() {
        return value;
    }
}
