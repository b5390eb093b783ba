package io.orderflow.coreapi.order;

/** What a carrier reports between tracking and delivery (ShipmentStatusChanged). */
public enum ShipmentStatus {
    IN_TRANSIT,
    OUT_FOR_DELIVERY,
    DELAYED,
    ATTEMPTED_DELIVERY,
    DELIVERY_FAILED,
    RETURNED
}
