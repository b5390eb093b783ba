package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

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

    /**
     * Whether a caller's text can name an order at all: every order id is {@link #of}'s UUID, in its canonical
     * lower-case form. Anything else (another aggregate's id, say) is no order, and is answered as such before it
     * reaches an aggregate.
     */
    public static boolean isWellFormed(String value) {
        return value != null && WELL_FORMED.matcher(value).matches();
    }

    private static final Pattern WELL_FORMED = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    @Override
    public String toString() {
        return value;
    }
}
