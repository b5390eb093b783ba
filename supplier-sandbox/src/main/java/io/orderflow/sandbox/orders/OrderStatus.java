package io.orderflow.sandbox.orders;

public enum OrderStatus {
    RECEIVED, ACCEPTED, REJECTED, IN_FULFILLMENT, SHIPPED, DELIVERED, CANCELLED;

    boolean cancellable() {
        return this == RECEIVED || this == ACCEPTED || this == IN_FULFILLMENT;
    }
}
