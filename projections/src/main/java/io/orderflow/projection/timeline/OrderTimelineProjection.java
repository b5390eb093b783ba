package io.orderflow.projection.timeline;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCancellationDeclinedEvent;
import io.orderflow.coreapi.order.OrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.SupplierReportRefusedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.RefundRequestedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.projection.batch.BatchRows;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes one sentence per order event, for people; keyed by the event's sequence so it applies once. */
@Component
@ProcessingGroup(OrderTimelineProjection.GROUP)
class OrderTimelineProjection {

    public static final String GROUP = "order-timeline";

    private static final String INSERT = """
            INSERT INTO order_timeline (order_id, sequence, retailer_id, at, type, text)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (order_id, sequence) DO NOTHING""";

    private final JdbcTemplate jdbc;
    /** a replay's sentences, inserted together when the batch commits */
    private final BatchRows<Object[]> batch = new BatchRows<>(GROUP);

    OrderTimelineProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderPlacedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderPlaced",
                "Order " + e.externalOrderId() + " placed with " + e.lines().size() + " line(s).");
    }

    @EventHandler
    void on(OrderRoutingStartedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderRoutingStarted",
                "Looking for the best supplier (attempt " + e.attempt() + ").");
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        var lines = e.lines().stream().map(l -> "line " + l.lineId() + " ×" + l.quantity())
                .collect(Collectors.joining(", "));
        add(e.orderId(), e.retailerId(), seq, at, "SupplierSelected",
                "Supplier " + e.supplierId() + " (" + e.locationId() + ") chosen for " + lines + ": "
                        + e.explanation().decision() + ".");
    }

    @EventHandler
    void on(OrderLinesBackorderedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderLinesBackordered",
                "Backordered " + String.join(", ", e.lineIds()) + ": " + e.reason() + ".");
    }

    @EventHandler
    void on(SupplierOrderSubmissionRequestedEvent e, @SequenceNumber long seq,
            @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderSubmissionRequested",
                "Sending the order to supplier " + e.supplierId() + ".");
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderSubmitted",
                "Supplier " + e.supplierId() + " received the order as " + e.supplierOrderRef() + ".");
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderAccepted",
                "Supplier " + e.supplierId() + " accepted the order.");
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderTimedOut",
                "Supplier " + e.supplierId() + " did not accept the order in time. It is asked to cancel, its "
                        + "reservation is released and the lines are routed to another supplier.");
    }

    @EventHandler
    void on(OrderPutOnHoldEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderPutOnHold", "Put on hold: " + e.reason() + ".");
    }

    @EventHandler
    void on(OrderHoldReleasedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderHoldReleased",
                "Released from hold by " + e.actor() + because(e.reason()) + "; open lines are routed again.");
    }

    @EventHandler
    void on(OrderHoldExpiredEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderHoldExpired",
                "Nobody released the hold within " + e.heldFor() + (e.lineIds().isEmpty() ? "."
                        : "; " + String.join(", ", e.lineIds()) + " will be cancelled."));
    }

    @EventHandler
    void on(BackorderRetryRequestedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "BackorderRetryRequested",
                "Backordered " + String.join(", ", e.lineIds()) + " routed again at the request of " + e.actor()
                        + because(e.reason()) + ".");
    }

    private static String because(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    @EventHandler
    void on(FulfillmentCreatedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        var ship = e.expectedShipDate() == null ? "" : ", expected to ship on " + e.expectedShipDate();
        add(e.orderId(), e.retailerId(), seq, at, "FulfillmentCreated",
                "Supplier " + e.supplierId() + " is preparing package " + e.fulfillmentId() + " with "
                        + quantities(e.lines()) + ship + ".");
    }

    @EventHandler
    void on(ShipmentTrackedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "ShipmentTracked",
                "Package " + e.shipmentId() + " is on its way with " + e.carrier() + ", tracking number "
                        + e.trackingNumber() + ".");
    }

    @EventHandler
    void on(ShipmentDeliveredEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "ShipmentDelivered",
                "Package " + e.shipmentId() + " was delivered (" + quantities(e.lines()) + ").");
    }

    @EventHandler
    void on(ShipmentStatusChangedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        var detail = e.detail() == null || e.detail().isBlank() ? "" : " (" + e.detail() + ")";
        add(e.orderId(), e.retailerId(), seq, at, "ShipmentStatusChanged", "Package " + e.shipmentId() + " "
                + shipmentStatusText(e.status()) + detail + ".");
    }

    private static String shipmentStatusText(ShipmentStatus status) {
        return switch (status) {
            case IN_TRANSIT -> "is in transit";
            case OUT_FOR_DELIVERY -> "is out for delivery";
            case DELAYED -> "is delayed";
            case ATTEMPTED_DELIVERY -> "could not be delivered on this attempt; the carrier will try again";
            case DELIVERY_FAILED -> "could not be delivered";
            case RETURNED -> "is being returned to the supplier";
        };
    }

    @EventHandler
    void on(OrderCompletedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderCompleted", "Every line is delivered or cancelled. Order complete.");
    }

    @EventHandler
    void on(SupplierReportRefusedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierReportRefused",
                "Supplier " + e.supplierId() + " reported " + e.report() + ", which was refused: " + e.reason()
                        + ". Nothing changed; ask the supplier to report it again correctly.");
    }

    // ---- compensation and cancellation ----

    @EventHandler
    void on(SupplierOrderRejectedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderRejected",
                "Supplier " + e.supplierId() + " rejected the order: " + e.reason()
                        + ". Its reservation is released and the lines are routed to another supplier.");
    }

    @EventHandler
    void on(SupplierOrderSubmissionFailedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderSubmissionFailed",
                "The order could not be sent to supplier " + e.supplierId() + " (" + e.reason()
                        + "). Its reservation is released and the lines are routed to another supplier.");
    }

    @EventHandler
    void on(SupplierOrderCancellationRequestedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "SupplierOrderCancellationRequested",
                "Asking supplier " + e.supplierId() + " to cancel its order (" + e.reason() + ").");
    }

    @EventHandler
    void on(OrderCancellationRequestedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderCancellationRequested",
                "Cancellation of " + String.join(", ", e.lineIds()) + " requested: " + e.reason() + ".");
    }

    @EventHandler
    void on(OrderLinesCancelledEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderLinesCancelled",
                "Cancelled " + quantities(e.lines()) + ": " + e.reason() + ".");
    }

    @EventHandler
    void on(OrderCancellationDeclinedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "OrderCancellationDeclined",
                "Not cancelled " + String.join(", ", e.lineIds()) + ": " + e.reason() + ".");
    }

    @EventHandler
    void on(RefundRequestedEvent e, @SequenceNumber long seq, @Timestamp Instant at) {
        add(e.orderId(), e.retailerId(), seq, at, "RefundRequested",
                "Refund of " + e.amount().amount().toPlainString() + " " + e.amount().currency() + " requested for "
                        + quantities(e.lines()) + ".");
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM order_timeline");
    }

    private static String quantities(List<LineQuantity> lines) {
        return lines.stream().map(l -> "line " + l.lineId() + " ×" + l.quantity()).collect(Collectors.joining(", "));
    }

    /**
     * Each sentence is its own row, so a replay inserts a batch's sentences in one JDBC batch when it commits (a
     * sentence that cannot be stored then fails the batch, which is handled again sentence by sentence: BatchRows).
     */
    private void add(OrderId orderId, RetailerId retailerId, long sequence, Instant at, String type, String text) {
        Object[] row = {orderId.value(), sequence, retailerId.value(), java.sql.Timestamp.from(at), type, text};
        if (batch.mayLeaveUnwritten()) {
            batch.putUnwritten(orderId.value() + "#" + sequence, row, rows -> jdbc.batchUpdate(INSERT, List.copyOf(rows)));
            return;
        }
        jdbc.update(INSERT, row);
    }
}
