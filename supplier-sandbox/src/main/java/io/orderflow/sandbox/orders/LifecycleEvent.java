package io.orderflow.sandbox.orders;

import java.util.Arrays;

/** The webhooks an order goes through; each one moves the order to {@link #reached}. */
public enum LifecycleEvent {
    ACCEPTED("order.accepted", OrderStatus.ACCEPTED),
    REJECTED("order.rejected", OrderStatus.REJECTED),
    FULFILLMENT_CREATED("fulfillment.created", OrderStatus.IN_FULFILLMENT),
    SHIPMENT_TRACKED("shipment.tracked", OrderStatus.SHIPPED),
    SHIPMENT_DELIVERED("shipment.delivered", OrderStatus.DELIVERED),
    /** After delivery: the supplier bills the order (partners only; the order stays DELIVERED). */
    INVOICE_ISSUED("invoice.issued", OrderStatus.DELIVERED);

    private final String type;
    final OrderStatus reached;

    LifecycleEvent(String type, OrderStatus reached) {
        this.type = type;
        this.reached = reached;
    }

    public String type() {
        return type;
    }

    static LifecycleEvent ofType(String type) {
        return Arrays.stream(values()).filter(e -> e.type.equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown webhook type " + type));
    }
}
