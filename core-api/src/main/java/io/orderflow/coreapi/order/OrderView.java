package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Instant;
import java.util.List;

/**
 * The order as storefronts and customers see it. Field names are part of the HTTP contract. placedAt is null in views
 * stored before it was added and not yet rebuilt. paymentReference: the payment provider's reference or token the
 * storefront sent, if any (never card data).
 */
public record OrderView(String orderId, String retailerId, String externalOrderId, String status, String trackingUrl,
                        Instant updatedAt, List<Line> lines, List<Shipment> shipments, List<Allocation> allocations,
                        Instant placedAt, String paymentReference) {

    public OrderView(String orderId, String retailerId, String externalOrderId, String status, String trackingUrl,
                     Instant updatedAt, List<Line> lines, List<Shipment> shipments, List<Allocation> allocations,
                     Instant placedAt) {
        this(orderId, retailerId, externalOrderId, status, trackingUrl, updatedAt, lines, shipments, allocations,
                placedAt, null);
    }

    public OrderView(String orderId, String retailerId, String externalOrderId, String status, String trackingUrl,
                     Instant updatedAt, List<Line> lines, List<Shipment> shipments, List<Allocation> allocations) {
        this(orderId, retailerId, externalOrderId, status, trackingUrl, updatedAt, lines, shipments, allocations, null,
                null);
    }

    public OrderView withTrackingUrl(String url) {
        return new OrderView(orderId, retailerId, externalOrderId, status, url, updatedAt, lines, shipments,
                allocations, placedAt, paymentReference);
    }

    /** returned: items in packages on their way back to the supplier (they count as shipped no more). */
    public record Line(String lineId, String sku, int quantity, String status, String supplierId, int fulfilled,
                       int shipped, int delivered, int cancelled, int returned) {

        public Line(String lineId, String sku, int quantity, String status, String supplierId, int fulfilled,
                    int shipped, int delivered, int cancelled) {
            this(lineId, sku, quantity, status, supplierId, fulfilled, shipped, delivered, cancelled, 0);
        }
    }

    /** statusAt: when the carrier stated the status; detail: the carrier's note on it, if any. */
    public record Shipment(String shipmentId, String supplierId, String carrier, String trackingNumber,
                           String trackingUrl, String status, List<LineQuantity> lines, Instant statusAt,
                           String detail) {

        public Shipment(String shipmentId, String supplierId, String carrier, String trackingNumber,
                        String trackingUrl, String status, List<LineQuantity> lines) {
            this(shipmentId, supplierId, carrier, trackingNumber, trackingUrl, status, lines, null, null);
        }
    }

    /** One supplier order: where a group of lines went, and how far the supplier got with it. */
    public record Allocation(String allocationId, String supplierId, String locationId, String supplierOrderRef,
                             String status) {
    }
}
