package io.orderflow.sandbox.orders;

import static io.orderflow.sandbox.db.Transactions.instant;
import static io.orderflow.sandbox.db.Transactions.timestamp;

import io.orderflow.sandbox.suppliers.BehaviourProfile;
import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.http.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import tools.jackson.core.type.TypeReference;

public final class SupplierOrders {

    public record Placed(OrderSummary order, boolean created) {}

    public enum CancelOutcome { CANCELLED, TOO_LATE, NOT_FOUND }

    public record Cancellation(CancelOutcome outcome, OrderStatus status) {}

    private static final String SUMMARY_COLUMNS = "id, reference, idempotency_key, status, created_at";

    private final Transactions transactions;

    public SupplierOrders(Transactions transactions) {
        this.transactions = transactions;
    }

    /** What to store for a new idempotency key; asked for only when the key is new. */
    public record Intake(NewOrder order, BehaviourProfile profile, boolean reject) {}

    /**
      * Stores the order and plans its webhooks, once per idempotency key: a known key, or a concurrent caller that
      * lost the insert race, gets the order already stored under it.
      */
    public Placed place(String supplierId, String idempotencyKey, Supplier<Intake> intakeForNewKey, Instant now) {
        return transactions.inTransaction(connection -> {
            Optional<OrderSummary> earlier = findByKey(connection, supplierId, idempotencyKey);
            if (earlier.isPresent()) {
                return new Placed(earlier.get(), false);
            }
            Intake intake = intakeForNewKey.get();
            NewOrder order = intake.order();
            BehaviourProfile profile = intake.profile();
            long number;
            try (PreparedStatement next = connection.prepareStatement("select nextval('sandbox.order_number_seq')");
                    ResultSet rows = next.executeQuery()) {
                rows.next();
                number = rows.getLong(1);
            }
            String id = "PO-" + supplierId + "-" + number;
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into sandbox.supplier_order (id, supplier_id, idempotency_key, reference, order_reference, lines,
                        ship_to, status, created_at, updated_at, fulfillment_id, carrier, tracking_number, expected_ship_date)
                    values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (supplier_id, idempotency_key) do nothing""")) {
                insert.setString(1, id);
                insert.setString(2, supplierId);
                insert.setString(3, idempotencyKey);
                insert.setString(4, order.reference());
                insert.setString(5, order.orderReference());
                insert.setString(6, Json.MAPPER.writeValueAsString(order.lines()));
                insert.setString(7, Json.MAPPER.writeValueAsString(order.shipTo()));
                insert.setString(8, OrderStatus.RECEIVED.name());
                insert.setObject(9, timestamp(now));
                insert.setObject(10, timestamp(now));
                insert.setString(11, "F-" + supplierId + "-" + number);
                insert.setString(12, profile.carrier());
                insert.setString(13, trackingNumber());
                insert.setObject(14, LocalDate.ofInstant(now.plus(profile.trackAfter()), ZoneOffset.UTC));
                if (insert.executeUpdate() == 0) {
                    // READ COMMITTED: the conflicting insert has committed by now, so this statement sees it
                    return new Placed(findByKey(connection, supplierId, idempotencyKey).orElseThrow(), false);
                }
            }
            planWebhooks(connection, supplierId, id, profile, intake.reject(), now);
            return new Placed(new OrderSummary(id, order.reference(), idempotencyKey, OrderStatus.RECEIVED, now), true);
        });
    }

    public List<OrderSummary> list(String supplierId) {
        return summaries("supplier_id = ?", supplierId);
    }

    /** The orders carrying this reference (a Shopify order's tag), oldest first. */
    public List<OrderSummary> findByReference(String supplierId, String reference) {
        return summaries("supplier_id = ? and reference = ?", supplierId, reference);
    }

    private List<OrderSummary> summaries(String condition, String... parameters) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("select " + SUMMARY_COLUMNS
                    + " from sandbox.supplier_order where " + condition + " order by created_at, id")) {
                for (int i = 0; i < parameters.length; i++) {
                    select.setString(i + 1, parameters[i]);
                }
                List<OrderSummary> orders = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        orders.add(summary(rows));
                    }
                }
                return orders;
            }
        });
    }

    public Optional<OrderDetails> find(String supplierId, String orderId) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select id, reference, order_reference, status, created_at, lines, ship_to, fulfillment_id,
                        expected_ship_date, carrier, tracking_number, fulfilled_at, shipped_at, delivered_at
                    from sandbox.supplier_order where supplier_id = ? and id = ?""")) {
                select.setString(1, supplierId);
                select.setString(2, orderId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return Optional.empty();
                    }
                    List<NewOrder.Line> lines = lines(rows.getString("lines"));
                    List<OrderDetails.Fulfillment> fulfillments = List.of();
                    if (rows.getObject("fulfilled_at") != null) {
                        Instant shippedAt = instant(rows.getObject("shipped_at", OffsetDateTime.class));
                        String trackingNumber = shippedAt == null ? null : rows.getString("tracking_number");
                        fulfillments = List.of(new OrderDetails.Fulfillment(
                                rows.getString("fulfillment_id"),
                                lines.stream().map(l -> new OrderDetails.FulfilledLine(l.lineReference(), l.quantity())).toList(),
                                rows.getObject("expected_ship_date", LocalDate.class),
                                shippedAt == null ? null : rows.getString("carrier"),
                                trackingNumber,
                                trackingNumber == null ? null : trackingUrl(trackingNumber),
                                shippedAt,
                                instant(rows.getObject("delivered_at", OffsetDateTime.class))));
                    }
                    return Optional.of(new OrderDetails(
                            rows.getString("id"),
                            rows.getString("reference"),
                            rows.getString("order_reference"),
                            OrderStatus.valueOf(rows.getString("status")),
                            instant(rows.getObject("created_at", OffsetDateTime.class)),
                            lines,
                            Json.MAPPER.readValue(rows.getString("ship_to"), NewOrder.ShipTo.class),
                            fulfillments));
                }
            }
        });
    }

    /** Cancels the order and every webhook that has not happened yet; shipped orders cannot be cancelled. */
    public Cancellation cancel(String supplierId, String orderId, Instant now) {
        return transactions.inTransaction(connection -> {
            OrderStatus status;
            try (PreparedStatement select = connection.prepareStatement(
                    "select status from sandbox.supplier_order where supplier_id = ? and id = ? for update")) {
                select.setString(1, supplierId);
                select.setString(2, orderId);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return new Cancellation(CancelOutcome.NOT_FOUND, null);
                    }
                    status = OrderStatus.valueOf(rows.getString(1));
                }
            }
            if (status == OrderStatus.CANCELLED) {
                return new Cancellation(CancelOutcome.CANCELLED, status);
            }
            if (!status.cancellable()) {
                return new Cancellation(CancelOutcome.TOO_LATE, status);
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update sandbox.supplier_order set status = 'CANCELLED', cancelled_at = ?, updated_at = ? where id = ?""")) {
                update.setObject(1, timestamp(now));
                update.setObject(2, timestamp(now));
                update.setString(3, orderId);
                update.executeUpdate();
            }
            try (PreparedStatement cancelWebhooks = connection.prepareStatement(
                    "update sandbox.webhook_delivery set cancelled = true where order_id = ? and occurred_at is null")) {
                cancelWebhooks.setString(1, orderId);
                cancelWebhooks.executeUpdate();
            }
            return new Cancellation(CancelOutcome.CANCELLED, OrderStatus.CANCELLED);
        });
    }

    /** Makes every remaining webhook of the order due now, including retries waiting for their backoff. */
    public boolean shipNow(String supplierId, String orderId, Instant now) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement exists = connection.prepareStatement(
                    "select 1 from sandbox.supplier_order where supplier_id = ? and id = ?")) {
                exists.setString(1, supplierId);
                exists.setString(2, orderId);
                try (ResultSet rows = exists.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update sandbox.webhook_delivery
                    set due_at = least(due_at, ?),
                            next_attempt_at = case when occurred_at is null then next_attempt_at else least(next_attempt_at, ?) end
                    where order_id = ? and sent_at is null and not cancelled""")) {
                update.setObject(1, timestamp(now));
                update.setObject(2, timestamp(now));
                update.setString(3, orderId);
                update.executeUpdate();
            }
            return true;
        });
    }

    static List<NewOrder.Line> lines(String json) {
        return Json.MAPPER.readValue(json, new TypeReference<List<NewOrder.Line>>() {});
    }

    static String trackingUrl(String trackingNumber) {
        return "https://tracking.example/" + trackingNumber;
    }

    private static void planWebhooks(Connection connection, String supplierId, String orderId,
            BehaviourProfile profile, boolean reject, Instant createdAt) throws SQLException {
        Map<LifecycleEvent, Duration> plan = new LinkedHashMap<>();
        if (reject) {
            plan.put(LifecycleEvent.REJECTED, profile.acceptAfter());
        } else {
            plan.put(LifecycleEvent.ACCEPTED, profile.acceptAfter());
            plan.put(LifecycleEvent.FULFILLMENT_CREATED, profile.fulfilAfter());
            plan.put(LifecycleEvent.SHIPMENT_TRACKED, profile.trackAfter());
            plan.put(LifecycleEvent.SHIPMENT_DELIVERED, profile.deliverAfter());
            plan.put(LifecycleEvent.INVOICE_ISSUED, profile.deliverAfter().plus(
                    profile.deliverAfter().minus(profile.trackAfter()).abs()));
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into sandbox.webhook_delivery (event_id, order_id, supplier_id, seq, type, due_at)
                values (?, ?, ?, ?, ?, ?)""")) {
            int seq = 0;
            for (var step : plan.entrySet()) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, orderId);
                insert.setString(3, supplierId);
                insert.setInt(4, ++seq);
                insert.setString(5, step.getKey().type());
                insert.setObject(6, timestamp(createdAt.plus(step.getValue())));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static Optional<OrderSummary> findByKey(Connection connection, String supplierId, String idempotencyKey)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("select " + SUMMARY_COLUMNS
                + " from sandbox.supplier_order where supplier_id = ? and idempotency_key = ?")) {
            select.setString(1, supplierId);
            select.setString(2, idempotencyKey);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(summary(rows)) : Optional.empty();
            }
        }
    }

    private static OrderSummary summary(ResultSet rows) throws SQLException {
        return new OrderSummary(rows.getString(1), rows.getString(2), rows.getString(3),
                OrderStatus.valueOf(rows.getString(4)), instant(rows.getObject(5, OffsetDateTime.class)));
    }

    // DHL Paket style: the 00340434 prefix followed by 12 digits
    private static String trackingNumber() {
        return "00340434" + String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }
}
