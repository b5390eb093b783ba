package io.orderflow.projection.tracking;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.projection.batch.BatchRows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes what a customer's tracking page shows beyond the order view: the customer's first name and destination
 * city (and no other personal data), the promised date, when each step happened, each parcel's expected ship date,
 * and how often the order had to be passed to another supplier. Every order event moves {@code updated_at} to its
 * timestamp, as the order view does, so readers can tell which of the two read models is behind.
 * Idempotent like the order view: the aggregate sequence number stored with the row makes a redelivery a no-op.
 */
@Component
@ProcessingGroup(OrderTrackingProjection.GROUP)
class OrderTrackingProjection {

    public static final String GROUP = "order-tracking";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<Parcel>> PARCELS = new TypeReference<>() {
    };

    private static final String UPDATE = """
            UPDATE order_tracking SET accepted_at = ?, completed_at = ?, reroutes = ?, parcels = ?::jsonb,
                                      updated_at = ?, last_sequence = ?
            WHERE order_id = ?""";

    private final JdbcTemplate jdbc;
    /** an order's row is read once per batch, however many of its events the batch holds */
    private final BatchRows<Stored> batch = new BatchRows<>(GROUP);

    OrderTrackingProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A parcel as stored in the parcels column. */
    record Parcel(String shipmentId, String expectedShipDate, Instant shippedAt, Instant deliveredAt) {
    }

    private static final class Row {
        String orderId;
        Instant updatedAt;
        Instant acceptedAt;
        Instant completedAt;
        int reroutes;
        List<Parcel> parcels;
    }

    @EventHandler
    void on(OrderPlacedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        String city = event.destination() == null ? null : blankToNull(event.destination().city());
        jdbc.update("""
                INSERT INTO order_tracking (order_id, retailer_id, city, promise_by, placed_at, updated_at,
                                            last_sequence)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING""",
                event.orderId().value(), event.retailerId().value(), city,
                event.promiseBy() == null ? null : java.sql.Date.valueOf(event.promiseBy()), java.sql.Timestamp.from(at),
                java.sql.Timestamp.from(at), sequence);
    }

    @EventHandler
    void on(OrderRoutingStartedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(SupplierSelectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(OrderLinesBackorderedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(SupplierOrderSubmissionRequestedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
            if (row.acceptedAt == null) {
                row.acceptedAt = at;
            }
        });
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> row.reroutes++);
    }

    @EventHandler
    void on(SupplierOrderRejectedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> row.reroutes++);
    }

    @EventHandler
    void on(SupplierOrderSubmissionFailedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> row.reroutes++);
    }

    @EventHandler
    void on(OrderPutOnHoldEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
        });
    }

    @EventHandler
    void on(FulfillmentCreatedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> {
            row.parcels.removeIf(p -> p.shipmentId().equals(event.fulfillmentId()));
            row.parcels.add(new Parcel(event.fulfillmentId(),
                    event.expectedShipDate() == null ? null : event.expectedShipDate().toString(), null, null));
        });
    }

    @EventHandler
    void on(ShipmentTrackedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> replace(row, event.shipmentId(),
                p -> new Parcel(p.shipmentId(), p.expectedShipDate(), p.shippedAt() == null ? at : p.shippedAt(),
                        p.deliveredAt())));
    }

    @EventHandler
    void on(ShipmentDeliveredEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> replace(row, event.shipmentId(),
                p -> new Parcel(p.shipmentId(), p.expectedShipDate(), p.shippedAt() == null ? at : p.shippedAt(),
                        p.deliveredAt() == null ? at : p.deliveredAt())));
    }

    @EventHandler
    void on(OrderCompletedEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        update(event.orderId(), sequence, at, row -> row.completedAt = at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM order_tracking");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static void replace(Row row, String shipmentId, UnaryOperator<Parcel> change) {
        for (int i = 0; i < row.parcels.size(); i++) {
            if (row.parcels.get(i).shipmentId().equals(shipmentId)) {
                row.parcels.set(i, change.apply(row.parcels.get(i)));
                return;
            }
        }
        // tracked or delivered without a fulfillment we saw: the parcel still exists for the customer
        row.parcels.add(change.apply(new Parcel(shipmentId, null, null, null)));
    }

    private void update(OrderId orderId, long sequence, Instant at, Consumer<Row> change) {
        String id = orderId.value();
        var current = batch.get(id, this::read);
        if (current == null) {
            throw new IllegalStateException("order tracking " + orderId + " is missing: its OrderPlaced was never applied");
        }
        if (current.lastSequence() >= sequence) {
            return;
        }
        var row = current.row();
        // a replay writes an order's changes within a batch once, at its end (BatchRows)
        boolean deferred = batch.mayLeaveUnwritten();
        try {
            change.accept(row);
            row.updatedAt = at;
            if (deferred) {
                batch.putUnwritten(id, new Stored(row, sequence), this::writeAll);
                return;
            }
            jdbc.update(UPDATE, columns(new Stored(row, sequence)));
        } catch (RuntimeException | Error failure) {
            batch.failed(id, failure);
            throw failure;
        }
        batch.put(id, new Stored(row, sequence));
    }

    /** The stored rows of these orders, locked for the batch. */
    private Map<String, Stored> read(List<String> ids) {
        return jdbc.query("""
                        SELECT order_id, accepted_at, completed_at, reroutes, parcels::text, last_sequence
                        FROM order_tracking WHERE order_id = ANY(?) ORDER BY order_id FOR UPDATE""",
                (rs, i) -> {
                    var row = new Row();
                    row.orderId = rs.getString(1);
                    row.acceptedAt = instant(rs.getTimestamp(2));
                    row.completedAt = instant(rs.getTimestamp(3));
                    row.reroutes = rs.getInt(4);
                    row.parcels = new ArrayList<>(JSON.readValue(rs.getString(5), PARCELS));
                    return new Stored(row, rs.getLong(6));
                }, (Object) ids.toArray(String[]::new)).stream()
                .collect(Collectors.toMap(stored -> stored.row().orderId, stored -> stored));
    }

    private void writeAll(Collection<Stored> rows) {
        jdbc.batchUpdate(UPDATE, rows.stream().map(OrderTrackingProjection::columns).toList());
    }

    private static Object[] columns(Stored stored) {
        var row = stored.row();
        return new Object[] {row.acceptedAt == null ? null : java.sql.Timestamp.from(row.acceptedAt),
                row.completedAt == null ? null : java.sql.Timestamp.from(row.completedAt), row.reroutes,
                JSON.writeValueAsString(row.parcels), java.sql.Timestamp.from(row.updatedAt), stored.lastSequence(),
                row.orderId};
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** The row as read or as this batch last wrote it, and the sequence of the event that wrote it. */
    private record Stored(Row row, long lastSequence) {
    }
}
