package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderId;
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
import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.projection.batch.BatchRows;
import io.orderflow.projection.orderview.OrderDocument.AllocationState;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the order view. Runs in the processor's transaction, so the row and the processor's token
 * commit together; the aggregate sequence number stored with the row makes a redelivered event a no-op.
 * Every change is announced with pg_notify, delivered to listeners only when the transaction commits; a replay
 * announces nothing, since it only rebuilds states that listeners saw long ago. An order's document is read and
 * parsed once per batch ({@link BatchRows}), however many of its events the batch holds; while replaying, it is also
 * written once per batch, at the batch's end. Should such a batch fail, its events write their changes one by one when
 * it is handled again, so that the event that failed is found and parked as in live processing.
 */
@Component
@ProcessingGroup(OrderViewProjection.GROUP)
class OrderViewProjection {

    public static final String GROUP = "order-view";
    public static final String CHANNEL = ChangeChannel.ORDER_VIEW.name();
    private static final int MAX_NOTIFY_BYTES = 7900;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String UPDATE = """
            UPDATE order_view SET status = ?, updated_at = ?, last_sequence = ?, view = ?::jsonb
            WHERE order_id = ?""";

    private static final String READ = """
            SELECT order_id, view, last_sequence FROM order_view WHERE order_id = ANY(?) ORDER BY order_id FOR UPDATE""";

    private final JdbcTemplate jdbc;
    private final BatchRows<Current> batch = new BatchRows<>(GROUP);

    OrderViewProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        var placedAt = event.placedAt() == null ? at : event.placedAt();
        var doc = OrderDocument.placed(event.orderId().value(), event.retailerId().value(), event.externalOrderId(),
                event.lines(), placedAt, event.paymentReference());
        doc.updatedAt = at;
        doc.deriveStatuses();
        var json = JSON.writeValueAsString(doc);
        int inserted = jdbc.update("""
                INSERT INTO order_view (order_id, retailer_id, external_order_id, status, updated_at, last_sequence, view,
                                        placed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?) ON CONFLICT (order_id) DO NOTHING""",
                doc.orderId, doc.retailerId, doc.externalOrderId, doc.status, java.sql.Timestamp.from(at), sequence,
                json, java.sql.Timestamp.from(placedAt));
        if (inserted > 0) {
            notifyChanged(doc, json);
            batch.put(doc.orderId, new Current(doc, sequence));
        }
    }

    @EventHandler
    void on(OrderRoutingStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, OrderDocument::routingStarted);
    }

    @EventHandler
    void on(SupplierSelectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.allocate(event.allocationId().value(),
                event.supplierId().value(), event.locationId(), event.lines()));
    }

    @EventHandler
    void on(OrderLinesBackorderedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.backorder(event.lineIds()));
    }

    @EventHandler
    void on(SupplierOrderSubmissionRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at,
                doc -> doc.advanceAllocation(event.allocationId().value(), AllocationState.SUBMISSION_REQUESTED));
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> {
            doc.advanceAllocation(event.allocationId().value(), AllocationState.SUBMITTED);
            doc.allocation(event.allocationId().value()).supplierOrderRef = event.supplierOrderRef();
        });
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at,
                doc -> doc.advanceAllocation(event.allocationId().value(), AllocationState.ACCEPTED));
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at,
                doc -> doc.failAllocation(event.allocationId().value(), AllocationState.TIMED_OUT, "not accepted in time"));
    }

    @EventHandler
    void on(SupplierOrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at,
                doc -> doc.failAllocation(event.allocationId().value(), AllocationState.REJECTED, event.reason()));
    }

    @EventHandler
    void on(SupplierOrderSubmissionFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.failAllocation(event.allocationId().value(),
                AllocationState.SUBMISSION_FAILED, event.reason()));
    }

    @EventHandler
    void on(OrderLinesCancelledEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.cancel(event.lines()));
    }

    @EventHandler
    void on(OrderPutOnHoldEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> {
            doc.onHold = true;
            doc.holdReason = event.reason();
        });
    }

    @EventHandler
    void on(OrderHoldReleasedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, OrderDocument::holdEnded);
    }

    @EventHandler
    void on(OrderHoldExpiredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, OrderDocument::holdEnded);
    }

    @EventHandler
    void on(FulfillmentCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at,
                doc -> doc.fulfil(event.allocationId().value(), event.fulfillmentId(), event.lines()));
    }

    @EventHandler
    void on(ShipmentTrackedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.track(event.shipmentId(), event.carrier(),
                event.trackingNumber(), event.trackingUrl(), event.trackedAt()));
    }

    @EventHandler
    void on(ShipmentDeliveredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.deliver(event.shipmentId(), event.deliveredAt()));
    }

    @EventHandler
    void on(ShipmentStatusChangedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> doc.changeShipmentStatus(event.shipmentId(), event.status(),
                event.detail(), event.occurredAt()));
    }

    @EventHandler
    void on(OrderCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, doc -> {
        });
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM order_view");
    }

    private void update(OrderId orderId, long sequence, Instant at, Consumer<OrderDocument> change) {
        String id = orderId.value();
        var current = batch.get(id, this::read);
        if (current == null) {
            throw new IllegalStateException("order view " + orderId + " is missing: its OrderPlaced was never applied");
        }
        if (current.lastSequence() >= sequence) {
            return;
        }
        var doc = current.doc();
        // a replay announces nothing, so an order's changes within a batch are written once, at its end
        boolean deferred = batch.mayLeaveUnwritten();
        try {
            change.accept(doc);
            doc.updatedAt = at;
            doc.deriveStatuses();
            if (deferred) {
                batch.putUnwritten(id, new Current(doc, sequence), this::writeAll);
                return;
            }
            var json = JSON.writeValueAsString(doc);
            jdbc.update(UPDATE, doc.status, java.sql.Timestamp.from(at), sequence, json, id);
            notifyChanged(doc, json);
        } catch (RuntimeException | Error failure) {
            batch.failed(id, failure);
            throw failure;
        }
        batch.put(id, new Current(doc, sequence));
    }

    /** The stored documents of these orders, locked for the batch. */
    private Map<String, Current> read(List<String> ids) {
        return jdbc.query(READ, (rs, i) -> Map.entry(rs.getString(1),
                        new Current(JSON.readValue(rs.getString(2), OrderDocument.class), rs.getLong(3))),
                (Object) ids.toArray(String[]::new)).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The rows a replayed batch changed, each once, in one JDBC batch. */
    private void writeAll(Collection<Current> rows) {
        jdbc.batchUpdate(UPDATE, rows.stream().map(row -> new Object[] {row.doc().status,
                java.sql.Timestamp.from(row.doc().updatedAt), row.lastSequence(), JSON.writeValueAsString(row.doc()),
                row.doc().orderId}).toList());
    }

    /**
     * The notification carries the view as of this change, so that listeners see every state even when
     * changes come faster than they could read them back; a view too big for a notification (PostgreSQL
     * allows 8000 bytes) is announced by id and read back.
     */
    private void notifyChanged(OrderDocument doc, String json) {
        if (BatchRows.replaying()) {
            return;
        }
        var payload = json.length() * 3 < MAX_NOTIFY_BYTES
                || json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MAX_NOTIFY_BYTES ? json : doc.orderId;
        jdbc.query("SELECT pg_notify(?, ?)", rs -> null, CHANNEL, payload);
    }


    /** The document as this batch last wrote it, and the sequence of the event that did. */
    private record Current(OrderDocument doc, long lastSequence) {
    }

}
