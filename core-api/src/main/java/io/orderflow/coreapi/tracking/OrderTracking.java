package io.orderflow.coreapi.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What a customer's tracking page needs beyond the order view. It holds no personal data: the greeting's first name
 * is read from the order's sealed data when the page is made, so erasure removes it from every page. {@code updatedAt} is the time of the last order event applied, comparable with the
 * order view's, so a reader can tell which of the two is behind.
 */
public record OrderTracking(String orderId, String retailerId, String city, LocalDate promiseBy,
                            Instant placedAt, Instant acceptedAt, Instant completedAt, int reroutes, Instant updatedAt,
                            List<Parcel> parcels) {

    public OrderTracking {
        parcels = parcels == null ? List.of() : List.copyOf(parcels);
    }

    /** One fulfillment (shipment) as the tracking page tells it. */
    public record Parcel(String shipmentId, LocalDate expectedShipDate, Instant shippedAt, Instant deliveredAt) {
    }
}
