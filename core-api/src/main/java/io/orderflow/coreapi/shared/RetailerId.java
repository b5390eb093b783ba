package io.orderflow.coreapi.shared;

import java.util.Objects;

public record RetailerId(String value) {
    public RetailerId {
        Objects.requireNonNull(value, "retailer id");
    }

    @Override
    public String toString() {
        return value;
    }
}
