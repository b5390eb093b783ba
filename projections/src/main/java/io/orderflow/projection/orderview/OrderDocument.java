package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderStatus;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The order view as stored (JSON). Its field names are the HTTP contract's; the few extra ones
 * (allocations, onHold) are what the statuses are derived from.
 */
class OrderDocument {

    static final String PREPARING = "PREPARING";
    static final String DELIVERED = "DELIVERED";

    public String orderId;
    public String retailerId;
    public String externalOrderId;
    public String status = OrderStatus.PLACED.name();
    public Instant updatedAt;
    public Instant placedAt;
    /** The payment provider's reference or token, as the storefront sent it (never card data). */
    public String paymentReference;
    public boolean onHold;
    public String holdReason;
    public List<Line> lines = new ArrayList<>();
    public List<Shipment> shipments = new ArrayList<>();
    public List<Allocation> allocations = new ArrayList<>();

    static class Line {
        public String lineId;
        public String sku;
        public int quantity;
        public String status = OrderStatus.PLACED.name();
        public String supplierId;
        public String allocationId;
        public boolean backordered;
        public int fulfilled;
        public int shipped;
        public int delivered;
        public int cancelled;
        public int returned;
    }

    static class Shipment {
        public String shipmentId;
        public String allocationId;
        public String supplierId;
        public String carrier;
        public String trackingNumber;
        public String trackingUrl;
        public String status;
        /** When the current status was stated by the carrier: a report older than it does not replace it. */
        public Instant statusAt;
        public String detail;
        public boolean shippedCounted;
        public List<LineQuantity> lines = new ArrayList<>();
    }

    static class Allocation {
        public String allocationId;
        public String supplierId;
        public String locationId;
        public String supplierOrderRef;
        public String status;
        public String failureReason;
    }

    static OrderDocument placed(String orderId, String retailerId, String externalOrderId, List<OrderLine> orderLines,
                                Instant placedAt) {
        return placed(orderId, retailerId, externalOrderId, orderLines, placedAt, null);
    }

    static OrderDocument placed(String orderId, String retailerId, String externalOrderId, List<OrderLine> orderLines,
                                Instant placedAt, String paymentReference) {
        var doc = new OrderDocument();
        doc.paymentReference = paymentReference;
        doc.placedAt = placedAt;
        doc.orderId = orderId;
        doc.retailerId = retailerId;
        doc.externalOrderId = externalOrderId;
        for (OrderLine orderLine : orderLines) {
            var line = new Line();
            line.lineId = orderLine.lineId();
            line.sku = orderLine.sku().value();
            line.quantity = orderLine.quantity();
            doc.lines.add(line);
        }
        return doc;
    }

    /** Released by a person, or expired: the order's status is its lines' again. */
    void holdEnded() {
        onHold = false;
        holdReason = null;
    }

    void routingStarted() {
        lines.stream().filter(l -> l.allocationId == null).forEach(l -> l.status = OrderStatus.ROUTING.name());
    }

    void allocate(String allocationId, String supplierId, String locationId, List<AllocatedLine> allocated) {
        var allocation = new Allocation();
        allocation.allocationId = allocationId;
        allocation.supplierId = supplierId;
        allocation.locationId = locationId;
        allocation.status = AllocationState.SELECTED.name();
        allocations.add(allocation);
        for (AllocatedLine a : allocated) {
            var line = line(a.lineId());
            line.allocationId = allocationId;
            line.supplierId = supplierId;
            line.backordered = false;
        }
    }

    void backorder(List<String> lineIds) {
        lineIds.forEach(id -> line(id).backordered = true);
    }

    void advanceAllocation(String allocationId, AllocationState state) {
        var allocation = allocation(allocationId);
        if (allocation != null && state.ordinal() > AllocationState.valueOf(allocation.status).ordinal()) {
            allocation.status = state.name();
        }
    }

    void fulfil(String allocationId, String shipmentId, List<LineQuantity> quantities) {
        var shipment = new Shipment();
        shipment.shipmentId = shipmentId;
        shipment.allocationId = allocationId;
        shipment.supplierId = allocation(allocationId).supplierId;
        shipment.status = PREPARING;
        shipment.lines = new ArrayList<>(quantities);
        shipments.add(shipment);
        quantities.forEach(q -> line(q.lineId()).fulfilled += q.quantity());
    }

    void track(String shipmentId, String carrier, String trackingNumber, String trackingUrl, Instant at) {
        var shipment = shipment(shipmentId);
        shipment.carrier = carrier;
        shipment.trackingNumber = trackingNumber;
        shipment.trackingUrl = trackingUrl;
        markShipped(shipment);
        state(shipment, ShipmentStatus.IN_TRANSIT.name(), at, null);
    }

    void deliver(String shipmentId, Instant at) {
        var shipment = shipment(shipmentId);
        markShipped(shipment);
        if (isFinal(shipment)) {
            return;
        }
        shipment.status = DELIVERED;
        shipment.statusAt = at;
        shipment.detail = null;
        shipment.lines.forEach(q -> line(q.lineId()).delivered += q.quantity());
    }

    void changeShipmentStatus(String shipmentId, ShipmentStatus status, String detail, Instant at) {
        var shipment = shipment(shipmentId);
        markShipped(shipment);
        if (isFinal(shipment)) {
            return;
        }
        if (status == ShipmentStatus.RETURNED) {
            shipment.status = status.name();
            shipment.statusAt = at;
            shipment.detail = detail;
            shipment.lines.forEach(q -> line(q.lineId()).returned += q.quantity());
            return;
        }
        state(shipment, status.name(), at, detail);
    }

    private static boolean isFinal(Shipment shipment) {
        return DELIVERED.equals(shipment.status) || ShipmentStatus.RETURNED.name().equals(shipment.status);
    }

    /**
     * Delivered and returned are final; otherwise the most recent statement wins, by the carrier's own time (ties:
     * the later step), so reports that overtook each other leave the same status whatever their arrival order.
     */
    private static void state(Shipment shipment, String status, Instant at, String detail) {
        if (isFinal(shipment)) {
            return;
        }
        boolean newer = PREPARING.equals(shipment.status) || shipment.statusAt == null || at == null
                || at.isAfter(shipment.statusAt)
                || (at.equals(shipment.statusAt) && rank(status) > rank(shipment.status));
        if (newer) {
            shipment.status = status;
            shipment.statusAt = at;
            shipment.detail = detail;
        }
    }

    private static int rank(String status) {
        return List.of(PREPARING, "IN_TRANSIT", "DELAYED", "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY", "DELIVERY_FAILED")
                .indexOf(status);
    }

    /** A package counts as shipped from its first carrier report on, whichever report that is. */
    private void markShipped(Shipment shipment) {
        if (!shipment.shippedCounted) {
            shipment.shippedCounted = true;
            shipment.lines.forEach(q -> line(q.lineId()).shipped += q.quantity());
        }
    }

    /** Line and order statuses are derived, never stored independently, so they cannot drift apart. */
    void deriveStatuses() {
        for (Line line : lines) {
            line.status = lineStatus(line).name();
        }
        status = orderStatus().name();
    }

    private OrderStatus lineStatus(Line line) {
        if (line.cancelled >= line.quantity) {
            return OrderStatus.CANCELLED;
        }
        int open = line.quantity - line.cancelled;
        if (line.delivered >= open) {
            return OrderStatus.DELIVERED;
        }
        // a package on its way back does not count as shipped: those items still have to reach the customer
        if (line.shipped - line.returned >= open) {
            return OrderStatus.SHIPPED;
        }
        if (line.fulfilled > 0 || line.shipped > 0) {
            return OrderStatus.IN_FULFILLMENT;
        }
        if (line.allocationId != null) {
            var state = AllocationState.valueOf(allocation(line.allocationId).status);
            return state == AllocationState.ACCEPTED ? OrderStatus.ACCEPTED : OrderStatus.AWAITING_SUPPLIER;
        }
        if (line.backordered) {
            return OrderStatus.BACKORDERED;
        }
        return OrderStatus.valueOf(line.status) == OrderStatus.ROUTING ? OrderStatus.ROUTING : OrderStatus.PLACED;
    }

    private OrderStatus orderStatus() {
        var open = lines.stream().map(l -> OrderStatus.valueOf(l.status))
                .filter(s -> s != OrderStatus.CANCELLED).toList();
        if (open.isEmpty()) {
            return OrderStatus.CANCELLED;
        }
        if (onHold && !open.stream().allMatch(s -> s == OrderStatus.DELIVERED)) {
            return OrderStatus.ON_HOLD;
        }
        if (open.stream().allMatch(s -> s == OrderStatus.DELIVERED)) {
            return OrderStatus.DELIVERED;
        }
        if (open.stream().allMatch(s -> s == OrderStatus.SHIPPED || s == OrderStatus.DELIVERED)) {
            return OrderStatus.SHIPPED;
        }
        if (open.stream().anyMatch(s -> s == OrderStatus.IN_FULFILLMENT || s == OrderStatus.SHIPPED
                || s == OrderStatus.DELIVERED)) {
            return OrderStatus.IN_FULFILLMENT;
        }
        if (open.contains(OrderStatus.BACKORDERED)) {
            return OrderStatus.BACKORDERED;
        }
        for (var status : List.of(OrderStatus.PLACED, OrderStatus.ROUTING, OrderStatus.AWAITING_SUPPLIER)) {
            if (open.contains(status)) {
                return status;
            }
        }
        return OrderStatus.ACCEPTED;
    }

    Allocation allocation(String allocationId) {
        return allocations.stream().filter(a -> a.allocationId.equals(allocationId)).findFirst().orElse(null);
    }

    private Line line(String lineId) {
        return lines.stream().filter(l -> l.lineId.equals(lineId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " has no line " + lineId));
    }

    private Shipment shipment(String shipmentId) {
        return shipments.stream().filter(s -> s.shipmentId.equals(shipmentId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("order " + orderId + " has no shipment " + shipmentId));
    }

    enum AllocationState {
        SELECTED, SUBMISSION_REQUESTED, SUBMITTED, ACCEPTED, TIMED_OUT, REJECTED, SUBMISSION_FAILED, CANCELLED
    }

    // ---- compensation and cancellation ----

    /** A failed supplier order gives its lines back: they are being routed again. */
    void failAllocation(String allocationId, AllocationState state, String reason) {
        var allocation = allocation(allocationId);
        if (allocation == null) {
            return;
        }
        allocation.status = state.name();
        allocation.failureReason = reason;
        for (Line line : lines) {
            if (allocationId.equals(line.allocationId)) {
                line.allocationId = null;
                line.supplierId = null;
                line.status = OrderStatus.ROUTING.name();
            }
        }
    }

    void cancel(List<LineQuantity> quantities) {
        quantities.forEach(q -> line(q.lineId()).cancelled += q.quantity());
        for (Allocation allocation : allocations) {
            boolean allCancelled = lines.stream().filter(l -> allocation.allocationId.equals(l.allocationId))
                    .allMatch(l -> l.cancelled >= l.quantity);
            boolean live = AllocationState.valueOf(allocation.status).ordinal() < AllocationState.TIMED_OUT.ordinal();
            if (live && allCancelled && lines.stream().anyMatch(l -> allocation.allocationId.equals(l.allocationId))) {
                allocation.status = AllocationState.CANCELLED.name();
            }
        }
    }
}
