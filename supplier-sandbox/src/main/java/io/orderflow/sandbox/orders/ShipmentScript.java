package io.orderflow.sandbox.orders;

import static io.orderflow.sandbox.db.Transactions.instant;
import static io.orderflow.sandbox.db.Transactions.timestamp;

import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.http.Json;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.stock.StockLevels;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
  * Ships an order the way a test or demo asks: in several packages, each through the carrier steps it names, with the
  * webhooks optionally sent twice and shuffled. Every shipment webhook states the package's lines, tracking and the
  * acceptance time, as a real supplier's fulfillment payload does, so a receiver can make sense of any arrival order.
  * The order's own planned webhooks that have not happened yet are replaced by the script.
  */
public final class ShipmentScript {

    /** A package and the steps it goes through now: fulfillment.created, shipment.tracked, a carrier status or DELIVERED. */
    public record PackagePlan(String packageId, List<FulfilledLine> lines, List<String> steps, String detail) {}

    public record FulfilledLine(String lineReference, Integer quantity) {}

    /**
      * duplicate (optional, false): every webhook is sent twice, half of the copies as a redelivery (same eventId) and
      * half as the supplier reporting the same fact again (new eventId). shuffleSeed (optional): the webhooks go out in
      * a shuffled order (seeded).
      */
    public record Script(List<PackagePlan> packages, Boolean duplicate, Long shuffleSeed) {
        public boolean duplicated() {
            return Boolean.TRUE.equals(duplicate);
        }
    }

    static final Set<String> STEPS = Set.of("FULFILLED", "TRACKED", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELAYED",
            "ATTEMPTED_DELIVERY", "DELIVERY_FAILED", "RETURNED", "DELIVERED");

    private record Event(String eventId, String type, Map<String, Object> data, Instant occurredAt) {}

    private record Order(String id, String supplierId, String reference, String fulfillmentId, String carrier,
            String trackingNumber, LocalDate expectedShipDate, Instant acceptedAt, List<NewOrder.Line> lines) {}

    private final Transactions transactions;

    public ShipmentScript(Transactions transactions) {
        this.transactions = transactions;
    }

    /**
      * Returns how many webhooks were queued; empty when the order is unknown. A script that cannot work is refused
      * (400) before anything is queued: lines the order does not have (the references are the buyer's, for orderflow
      * its line ids), or more than was ordered; an order that was rejected or cancelled is a 409.
      */
    public OptionalInt run(String supplierId, String orderId, Script script, Instant now) {
        validate(script);
        return transactions.inTransaction(connection -> {
            Order order = lockOrder(connection, supplierId, orderId);
            if (order == null) {
                String closed = closedStatus(connection, supplierId, orderId);
                if (closed != null) {
                    throw new Problem(409, "Conflict", "order " + orderId + " is " + closed + "; it cannot ship");
                }
                return OptionalInt.empty();
            }
            requireOrderedLines(connection, order, script);
            try (PreparedStatement cancel = connection.prepareStatement(
                    "update sandbox.webhook_delivery set cancelled = true where order_id = ? and occurred_at is null")) {
                cancel.setString(1, orderId);
                cancel.executeUpdate();
            }
            Instant at = now.truncatedTo(ChronoUnit.MILLIS);
            List<Event> events = new ArrayList<>();
            Instant acceptedAt = order.acceptedAt();
            if (acceptedAt == null) {
                acceptedAt = at;
                accept(connection, order, acceptedAt);
                events.add(new Event(UUID.randomUUID().toString(), "order.accepted", base(order), acceptedAt));
            }
            int tick = 1;
            boolean allDelivered = true;
            for (PackagePlan plan : script.packages()) {
                Instant first = at.plusMillis(tick);
                Map<String, Object> shipment = packageData(connection, order, plan, acceptedAt, first, first.plusMillis(1));
                for (String step : plan.steps()) {
                    Instant occurredAt = at.plusMillis(tick++);
                    Map<String, Object> data = new LinkedHashMap<>(shipment);
                    String type = switch (step) {
                        case "FULFILLED" -> "fulfillment.created";
                        case "TRACKED" -> "shipment.tracked";
                        case "DELIVERED" -> {
                            data.put("deliveredAt", occurredAt.toString());
                            yield "shipment.delivered";
                        }
                        default -> {
                            data.put("status", step);
                            if (plan.detail() != null) {
                                data.put("detail", plan.detail());
                            }
                            yield "shipment.status_changed";
                        }
                    };
                    events.add(new Event(UUID.randomUUID().toString(), type, data, occurredAt));
                }
                allDelivered &= plan.steps().contains("DELIVERED");
            }
            List<String> bodies = new ArrayList<>();
            Random random = new Random(script.shuffleSeed() == null ? 0 : script.shuffleSeed());
            int copy = 0;
            for (Event event : events) {
                bodies.add(body(event.eventId(), event));
                if (script.duplicated()) {
                    bodies.add(body(copy++ % 2 == 0 ? event.eventId() : UUID.randomUUID().toString(), event));
                }
            }
            if (script.shuffleSeed() != null) {
                Collections.shuffle(bodies, random);
            }
            queue(connection, order, bodies, at);
            markShipped(connection, order, allDelivered, at);
            return OptionalInt.of(bodies.size());
        });
    }

    private static void validate(Script script) {
        if (script == null || script.packages() == null || script.packages().isEmpty() || script.packages().contains(null)) {
            throw Problem.badRequest("packages is required");
        }
        for (PackagePlan plan : script.packages()) {
            if (plan.packageId() == null || plan.packageId().isBlank() || plan.steps() == null) {
                throw Problem.badRequest("every package needs a packageId and steps");
            }
            if (plan.lines() != null) {
                for (FulfilledLine line : plan.lines()) {
                    if (line == null || line.lineReference() == null || line.lineReference().isBlank()) {
                        throw Problem.badRequest("package " + plan.packageId() + ": every line needs a lineReference");
                    }
                    if (line.quantity() == null || line.quantity() < 1) {
                        throw Problem.badRequest("package " + plan.packageId() + ", line " + line.lineReference()
                                + ": quantity must be at least 1");
                    }
                }
            }
            for (String step : plan.steps()) {
                if (!STEPS.contains(step)) {
                    throw Problem.badRequest("unknown step " + step + "; one of " + STEPS.stream().sorted().toList());
                }
            }
        }
    }

    /**
      * Packages already stored keep their lines; the new ones may only name the order's lines, and all packages together
      * not more of a line than was ordered.
      */
    private static void requireOrderedLines(Connection connection, Order order, Script script) throws SQLException {
        Map<String, Integer> ordered = new LinkedHashMap<>();
        order.lines().forEach(line -> ordered.merge(line.lineReference(), line.quantity(), Integer::sum));
        Map<String, List<FulfilledLine>> stored = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select package_id, lines::text from sandbox.shipment_package where order_id = ?")) {
            select.setString(1, order.id());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.put(rows.getString(1), List.of(Json.MAPPER.readValue(rows.getString(2), FulfilledLine[].class)));
                }
            }
        }
        Map<String, Integer> shipped = new LinkedHashMap<>();
        stored.values().forEach(lines -> lines.forEach(l -> shipped.merge(l.lineReference(), l.quantity(), Integer::sum)));
        for (PackagePlan plan : script.packages()) {
            if (stored.containsKey(plan.packageId()) || plan.lines() == null || plan.lines().isEmpty()) {
                continue;
            }
            for (FulfilledLine line : plan.lines()) {
                Integer quantity = ordered.get(line.lineReference());
                if (quantity == null) {
                    throw Problem.badRequest("order " + order.id() + " has no line " + line.lineReference()
                            + "; its lineReferences are " + ordered.keySet()
                            + " (for orders from orderflow, orderflow's line ids)");
                }
                int total = shipped.merge(line.lineReference(), line.quantity(), Integer::sum);
                if (total > quantity) {
                    throw Problem.badRequest("order " + order.id() + ", line " + line.lineReference() + ": " + total
                            + " in packages, but " + quantity + " ordered");
                }
            }
            stored.put(plan.packageId(), plan.lines());
        }
    }

    private static String closedStatus(Connection connection, String supplierId, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select status from sandbox.supplier_order where supplier_id = ? and id = ?")) {
            select.setString(1, supplierId);
            select.setString(2, orderId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /** The package's stored facts (lines, tracking, times), stored on first mention and the same ever after. */
    private static Map<String, Object> packageData(Connection connection, Order order, PackagePlan plan,
            Instant acceptedAt, Instant fulfilledAt, Instant shippedAt) throws SQLException {
        String trackingNumber = order.trackingNumber() + plan.packageId();
        List<FulfilledLine> lines = plan.lines() != null && !plan.lines().isEmpty() ? plan.lines()
                : order.lines().stream().map(l -> new FulfilledLine(l.lineReference(), l.quantity())).toList();
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into sandbox.shipment_package (order_id, package_id, lines, tracking_number, fulfilled_at, shipped_at)
                values (?, ?, ?::jsonb, ?, ?, ?) on conflict (order_id, package_id) do nothing""")) {
            insert.setString(1, order.id());
            insert.setString(2, plan.packageId());
            insert.setString(3, Json.MAPPER.writeValueAsString(lines));
            insert.setString(4, trackingNumber);
            insert.setObject(5, timestamp(fulfilledAt));
            insert.setObject(6, timestamp(shippedAt));
            insert.executeUpdate();
        }
        try (PreparedStatement select = connection.prepareStatement("""
                select lines::text, tracking_number, fulfilled_at, shipped_at from sandbox.shipment_package
                where order_id = ? and package_id = ?""")) {
            select.setString(1, order.id());
            select.setString(2, plan.packageId());
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                Map<String, Object> data = base(order);
                data.put("fulfillmentId", order.fulfillmentId() + "-" + plan.packageId());
                data.put("lines", Json.MAPPER.readValue(rows.getString(1), FulfilledLine[].class));
                data.put("expectedShipDate", order.expectedShipDate().toString());
                data.put("carrier", order.carrier());
                data.put("trackingNumber", rows.getString(2));
                data.put("trackingUrl", SupplierOrders.trackingUrl(rows.getString(2)));
                data.put("acceptedAt", acceptedAt.toString());
                data.put("fulfilledAt", instant(rows.getObject(3, OffsetDateTime.class)).toString());
                data.put("shippedAt", instant(rows.getObject(4, OffsetDateTime.class)).toString());
                return data;
            }
        }
    }

    private static Map<String, Object> base(Order order) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.id());
        data.put("reference", order.reference());
        return data;
    }

    private static String body(String eventId, Event event) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId);
        envelope.put("type", event.type());
        envelope.put("occurredAt", event.occurredAt().toString());
        envelope.put("data", event.data());
        return Json.MAPPER.writeValueAsString(envelope);
    }

    private static void queue(Connection connection, Order order, List<String> bodies, Instant now) throws SQLException {
        int seq;
        try (PreparedStatement max = connection.prepareStatement(
                "select coalesce(max(seq), 0) from sandbox.webhook_delivery where order_id = ?")) {
            max.setString(1, order.id());
            try (ResultSet rows = max.executeQuery()) {
                rows.next();
                seq = rows.getInt(1);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into sandbox.webhook_delivery (event_id, order_id, supplier_id, seq, type, due_at, occurred_at, body,
                    next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            for (String body : bodies) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, order.id());
                insert.setString(3, order.supplierId());
                insert.setInt(4, ++seq);
                insert.setString(5, Json.MAPPER.readTree(body).path("type").asString());
                insert.setObject(6, timestamp(now));
                insert.setObject(7, timestamp(now));
                insert.setString(8, body);
                insert.setObject(9, timestamp(now));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void accept(Connection connection, Order order, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update sandbox.supplier_order set status = 'ACCEPTED', accepted_at = ?, updated_at = ? where id = ?")) {
            update.setObject(1, timestamp(at));
            update.setObject(2, timestamp(at));
            update.setString(3, order.id());
            update.executeUpdate();
        }
        for (NewOrder.Line line : order.lines()) {
            StockLevels.take(connection, order.supplierId(), line.supplierSku(), line.quantity(), at);
        }
    }

    private static void markShipped(Connection connection, Order order, boolean delivered, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update sandbox.supplier_order set status = ?, updated_at = ?, fulfilled_at = coalesce(fulfilled_at, ?),
                    shipped_at = coalesce(shipped_at, ?), delivered_at = case when ? then ? else delivered_at end
                where id = ?""")) {
            update.setString(1, delivered ? OrderStatus.DELIVERED.name() : OrderStatus.SHIPPED.name());
            update.setObject(2, timestamp(at));
            update.setObject(3, timestamp(at));
            update.setObject(4, timestamp(at));
            update.setBoolean(5, delivered);
            update.setObject(6, timestamp(at));
            update.setString(7, order.id());
            update.executeUpdate();
        }
    }

    private static Order lockOrder(Connection connection, String supplierId, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id, supplier_id, reference, fulfillment_id, carrier, tracking_number, expected_ship_date, accepted_at,
                    lines
                from sandbox.supplier_order where supplier_id = ? and id = ? and status not in ('REJECTED', 'CANCELLED')
                for update""")) {
            select.setString(1, supplierId);
            select.setString(2, orderId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Order(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getObject(7, LocalDate.class),
                        instant(rows.getObject(8, OffsetDateTime.class)), SupplierOrders.lines(rows.getString(9)));
            }
        }
    }
}
