package io.orderflow.command.order;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCancellationDeclinedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.EntityId;

/** One supplier order: the lines one supplier fulfils, and what it reported back for them. */
class Allocation {

    @EntityId
    private final AllocationId allocationId;
    private final SupplierId supplierId;
    private final String locationId;
    private final List<AllocatedLine> lines;
    private final Map<String, Integer> fulfilled = new HashMap<>();
    private final Map<String, Shipment> shipments = new LinkedHashMap<>();
    private AllocationStatus status = AllocationStatus.SELECTED;
    private String supplierOrderRef;
    private String failureReason;
    private String pendingCancellation;

    Allocation(AllocationId allocationId, SupplierId supplierId, String locationId, List<AllocatedLine> lines) {
        this.allocationId = allocationId;
        this.supplierId = supplierId;
        this.locationId = locationId;
        this.lines = List.copyOf(lines);
    }

    AllocationId id() {
        return allocationId;
    }

    SupplierId supplierId() {
        return supplierId;
    }

    String locationId() {
        return locationId;
    }

    List<AllocatedLine> lines() {
        return lines;
    }

    AllocationStatus status() {
        return status;
    }

    String supplierOrderRef() {
        return supplierOrderRef;
    }

    String failureReason() {
        return failureReason;
    }

    /** The storefront's reason while the supplier has been asked to cancel and not answered yet; null otherwise. */
    String pendingCancellation() {
        return pendingCancellation;
    }

    boolean contains(String lineId) {
        return lines.stream().anyMatch(l -> l.lineId().equals(lineId));
    }

    /** Something of the line left the supplier's warehouse (tracked or delivered): it can only be returned now. */
    boolean hasShipped(String lineId) {
        return shipments.values().stream().filter(s -> s.isTracked() || s.isDelivered())
                .anyMatch(s -> s.lines().stream().anyMatch(l -> l.lineId().equals(lineId)));
    }

    int deliveredQuantity(String lineId) {
        return shipments.values().stream().filter(Shipment::isDelivered)
                .flatMap(s -> s.lines().stream()).filter(l -> l.lineId().equals(lineId))
                .mapToInt(LineQuantity::quantity).sum();
    }

    boolean isAwaitingAcceptance() {
        return status == AllocationStatus.SUBMISSION_REQUESTED || status == AllocationStatus.SUBMITTED;
    }

    boolean hasFulfillments() {
        return !shipments.isEmpty();
    }

    boolean hasFulfillment(String fulfillmentId) {
        return shipments.containsKey(fulfillmentId);
    }

    Shipment shipment(String shipmentId) {
        var shipment = shipments.get(shipmentId);
        if (shipment == null) {
            throw new OrderRuleViolation("allocation " + allocationId + " has no shipment " + shipmentId);
        }
        return shipment;
    }

    /** Quantities fulfilled never exceed quantities allocated, whatever a supplier reports. */
    void requireFulfillable(List<LineQuantity> requested) {
        if (requested == null || requested.isEmpty()) {
            throw new OrderRuleViolation("a fulfillment needs at least one line");
        }
        if (!(isAwaitingAcceptance() || status == AllocationStatus.ACCEPTED)) {
            throw new OrderRuleViolation("allocation " + allocationId + " cannot be fulfilled while " + status);
        }
        var wanted = new HashMap<String, Integer>();
        requested.forEach(l -> wanted.merge(l.lineId(), l.quantity(), Integer::sum));
        wanted.forEach((lineId, quantity) -> {
            int allocated = allocatedQuantity(lineId);
            int already = fulfilled.getOrDefault(lineId, 0);
            if (allocated == 0) {
                throw new OrderRuleViolation("line " + lineId + " is not part of this supplier order (its lines: "
                        + lines.stream().map(AllocatedLine::lineId).distinct().collect(Collectors.joining(", ")) + ")");
            }
            if (quantity <= 0 || already + quantity > allocated) {
                throw new OrderRuleViolation("line " + lineId + ": " + quantity + " more would exceed the "
                        + allocated + " allocated (" + already + " already fulfilled)");
            }
        });
    }

    boolean isFullyDelivered() {
        var delivered = new HashMap<String, Integer>();
        shipments.values().stream().filter(Shipment::isDelivered)
                .forEach(s -> s.lines().forEach(l -> delivered.merge(l.lineId(), l.quantity(), Integer::sum)));
        return lines.stream().allMatch(l -> delivered.getOrDefault(l.lineId(), 0) >= l.quantity());
    }

    /** When the last of this allocation's packages arrived; null while none has. */
    Instant lastDeliveredAt() {
        return shipments.values().stream().map(Shipment::deliveredAt).filter(Objects::nonNull)
                .max(Instant::compareTo).orElse(null);
    }

    private int allocatedQuantity(String lineId) {
        return lines.stream().filter(l -> l.lineId().equals(lineId)).mapToInt(AllocatedLine::quantity).sum();
    }

    private void advanceTo(AllocationStatus next) {
        if (next.isAtLeast(status)) {
            status = next;
        }
    }

    @EventSourcingHandler
    void on(SupplierOrderSubmissionRequestedEvent event) {
        advanceTo(AllocationStatus.SUBMISSION_REQUESTED);
    }

    @EventSourcingHandler
    void on(SupplierOrderSubmittedEvent event) {
        supplierOrderRef = event.supplierOrderRef();
        advanceTo(AllocationStatus.SUBMITTED);
    }

    @EventSourcingHandler
    void on(SupplierOrderAcceptedEvent event) {
        advanceTo(AllocationStatus.ACCEPTED);
    }

    @EventSourcingHandler
    void on(SupplierOrderTimedOutEvent event) {
        status = AllocationStatus.TIMED_OUT;
        failureReason = "timed out: not accepted within its acceptance time";
    }

    @EventSourcingHandler
    void on(SupplierOrderRejectedEvent event) {
        status = AllocationStatus.REJECTED;
        failureReason = "rejected: " + event.reason();
    }

    @EventSourcingHandler
    void on(SupplierOrderSubmissionFailedEvent event) {
        status = AllocationStatus.SUBMISSION_FAILED;
        failureReason = "submission failed: " + event.reason();
    }

    @EventSourcingHandler
    void on(OrderCancellationDeclinedEvent event) {
        if (event.allocationId().equals(allocationId)) {
            pendingCancellation = null;
        }
    }

    /** Called by the order for its own cancellation events, which are not routed to entities by allocation id. */
    void cancellationRequested(String reason) {
        pendingCancellation = reason;
    }

    void cancelled() {
        pendingCancellation = null;
        if (status.isLive()) {
            status = AllocationStatus.CANCELLED;
        }
    }

    @EventSourcingHandler
    void on(FulfillmentCreatedEvent event) {
        event.lines().forEach(l -> fulfilled.merge(l.lineId(), l.quantity(), Integer::sum));
        shipments.put(event.fulfillmentId(), new Shipment(event.fulfillmentId(), event.lines()));
    }

    @EventSourcingHandler
    void on(ShipmentTrackedEvent event) {
        shipments.get(event.shipmentId()).markTracked();
    }

    @EventSourcingHandler
    void on(ShipmentDeliveredEvent event) {
        shipments.get(event.shipmentId()).markDelivered(event.deliveredAt());
    }

    @EventSourcingHandler
    void on(ShipmentStatusChangedEvent event) {
        shipments.get(event.shipmentId()).record(event.status(), event.occurredAt());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Allocation other && allocationId.equals(other.allocationId)
                && supplierId.equals(other.supplierId) && Objects.equals(locationId, other.locationId)
                && lines.equals(other.lines)
                && fulfilled.equals(other.fulfilled) && shipments.equals(other.shipments)
                && status == other.status && Objects.equals(supplierOrderRef, other.supplierOrderRef)
                && Objects.equals(failureReason, other.failureReason)
                && Objects.equals(pendingCancellation, other.pendingCancellation);
    }

    @Override
    public int hashCode() {
        return allocationId.hashCode();
    }
}
