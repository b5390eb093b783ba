package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

public record OrderId(String value) {
    public OrderId {
        Objects.requireNonNull(value, "order id");
    }

    /**
     * The same (retailer, external order id) always names the same order, so the event store's
     * aggregate uniqueness is what stops a storefront order from becoming two orders.
     */
    public static OrderId of(RetailerId retailer, String externalOrderId) {
        var name = retailer.value() + "\u0000" + externalOrderId;
        return new OrderId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
