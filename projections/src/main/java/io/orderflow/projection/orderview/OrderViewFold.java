package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.projection.orderview.OrderDocument.AllocationState;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The order view folded in memory from an order's events, by the order-view projection's own rules
 * ({@link OrderDocument}): what auditors get as "the order as of an instant". It must apply exactly the events
 * {@link OrderViewProjection} applies, the same way; {@code OrderViewFoldTest} fails when the two lists differ.
 */
public final class OrderViewFold {

    /** The event types the order view is made of; the same as OrderViewProjection's event handlers. */
    public static final Set<Class<?>> APPLIED = Set.of(OrderPlacedEvent.class, OrderRoutingStartedEvent.class,
            SupplierSelectedEvent.class, OrderLinesBackorderedEvent.class, SupplierOrderSubmissionRequestedEvent.class,
            SupplierOrderSubmittedEvent.class, SupplierOrderAcceptedEvent.class, SupplierOrderTimedOutEvent.class,
            OrderPutOnHoldEvent.class, FulfillmentCreatedEvent.class, ShipmentTrackedEvent.class,
            ShipmentDeliveredEvent.class, ShipmentStatusChangedEvent.class, OrderCompletedEvent.class,
            SupplierOrderRejectedEvent.class, SupplierOrderSubmissionFailedEvent.class, OrderLinesCancelledEvent.class,
            OrderHoldReleasedEvent.class, OrderHoldExpiredEvent.class);

    private static final JsonMapper WRITER = JsonMapper.builder().build();
    private static final JsonMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private OrderDocument doc;

    /**
     * Applies one event recorded at {@code at}. Answers whether it changed the view: false for events the view
     * is not made of, and for anything before the order was placed.
     */
    public boolean apply(Object event, Instant at) {
        if (event instanceof OrderPlacedEvent placed) {
            doc = OrderDocument.placed(placed.orderId().value(), placed.retailerId().value(),
                    placed.externalOrderId(), placed.lines(), placed.placedAt() == null ? at : placed.placedAt(),
                    placed.paymentReference());
        } else if (doc == null || !change(event)) {
            return false;
        }
        doc.updatedAt = at;
        doc.deriveStatuses();
        return true;
    }

    /** The view as the projection would have stored it, read back as the query side reads it. */
    public Optional<OrderView> view() {
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(READER.readValue(WRITER.writeValueAsString(doc), OrderView.class));
    }

    private boolean change(Object event) {
        switch (event) {
            case OrderRoutingStartedEvent e -> doc.routingStarted();
            case SupplierSelectedEvent e ->
                    doc.allocate(e.allocationId().value(), e.supplierId().value(), e.locationId(), e.lines());
            case OrderLinesBackorderedEvent e -> doc.backorder(e.lineIds());
            case SupplierOrderSubmissionRequestedEvent e ->
                    doc.advanceAllocation(e.allocationId().value(), AllocationState.SUBMISSION_REQUESTED);
            case SupplierOrderSubmittedEvent e -> {
                doc.advanceAllocation(e.allocationId().value(), AllocationState.SUBMITTED);
                doc.allocation(e.allocationId().value()).supplierOrderRef = e.supplierOrderRef();
            }
            case SupplierOrderAcceptedEvent e ->
                    doc.advanceAllocation(e.allocationId().value(), AllocationState.ACCEPTED);
            case SupplierOrderTimedOutEvent e -> doc.failAllocation(e.allocationId().value(), AllocationState.TIMED_OUT,
                    "not accepted in time");
            case SupplierOrderRejectedEvent e ->
                    doc.failAllocation(e.allocationId().value(), AllocationState.REJECTED, e.reason());
            case SupplierOrderSubmissionFailedEvent e ->
                    doc.failAllocation(e.allocationId().value(), AllocationState.SUBMISSION_FAILED, e.reason());
            case OrderLinesCancelledEvent e -> doc.cancel(e.lines());
            case OrderPutOnHoldEvent e -> {
                doc.onHold = true;
                doc.holdReason = e.reason();
            }
            case FulfillmentCreatedEvent e -> doc.fulfil(e.allocationId().value(), e.fulfillmentId(), e.lines());
            case ShipmentTrackedEvent e ->
                    doc.track(e.shipmentId(), e.carrier(), e.trackingNumber(), e.trackingUrl(), e.trackedAt());
            case ShipmentDeliveredEvent e -> doc.deliver(e.shipmentId(), e.deliveredAt());
            case ShipmentStatusChangedEvent e ->
                    doc.changeShipmentStatus(e.shipmentId(), e.status(), e.detail(), e.occurredAt());
            case OrderHoldReleasedEvent e -> doc.holdEnded();
            case OrderHoldExpiredEvent e -> doc.holdEnded();
            case OrderCompletedEvent e -> {
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
