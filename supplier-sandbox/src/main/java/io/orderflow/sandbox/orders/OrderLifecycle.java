package io.orderflow.sandbox.orders;

import static io.orderflow.sandbox.db.Transactions.timestamp;

import io.orderflow.sandbox.db.Transactions;
import io.orderflow.sandbox.http.Json;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.lang.System.Logger.Level;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
  * Lets due lifecycle events happen: the order moves on (stock is taken on acceptance) and the webhook body is fixed,
  * so every delivery attempt sends the same bytes. Delivery itself is the webhook sender's job.
  */
public final class OrderLifecycle {

    private record Due(UUID eventId, String orderId) {}

    private record Order(String id, String supplierId, String reference, List<NewOrder.Line> lines,
            String fulfillmentId, LocalDate expectedShipDate, String carrier, String trackingNumber) {}

    private static final System.Logger LOG = System.getLogger(OrderLifecycle.class.getName());
    private static final int MAX_ROUNDS = 8;

    private final Transactions transactions;
    private final SupplierRegistry suppliers;

    public OrderLifecycle(Transactions transactions, SupplierRegistry suppliers) {
        this.transactions = transactions;
        this.suppliers = suppliers;
    }

    /** Returns how many events happened. Loops so that events made due together happen in one call, in order. */
    public int advance(String[] supplierIds, Instant now) {
        int happened = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            int inRound = 0;
            for (Due due : due(supplierIds, now)) {
                try {
                    if (happen(due, now)) {
                        inRound++;
                    }
                } catch (RuntimeException e) {
                    // one broken event must not hold up every other order
                    LOG.log(Level.WARNING, "supplier sandbox could not advance order " + due.orderId(), e);
                }
            }
            happened += inRound;
            if (inRound == 0) {
                break;
            }
        }
        return happened;
    }

    private List<Due> due(String[] supplierIds, Instant now) {
        return transactions.inTransaction(connection -> {
            try (PreparedStatement select = connection.prepareStatement("""
                    select d.event_id, d.order_id from sandbox.webhook_delivery d
                    where d.supplier_id = any(?) and d.occurred_at is null and not d.cancelled and d.due_at <= ?
                        and not exists (select 1 from sandbox.webhook_delivery p
                                                        where p.order_id = d.order_id and p.seq < d.seq and p.occurred_at is null and not p.cancelled)
                    order by d.due_at, d.seq
                    limit 200""")) {
                select.setArray(1, connection.createArrayOf("text", supplierIds));
                select.setObject(2, timestamp(now));
                List<Due> due = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        due.add(new Due(rows.getObject(1, UUID.class), rows.getString(2)));
                    }
                }
                return due;
            }
        });
    }

    private boolean happen(Due due, Instant now) {
        return transactions.inTransaction(connection -> {
            // lock order first, then delivery: the same order as cancel, so the two cannot deadlock
            Order order = lockOrder(connection, due.orderId());
            if (order == null) {
                return false;
            }
            LifecycleEvent event;
            try (PreparedStatement select = connection.prepareStatement("""
                    select type from sandbox.webhook_delivery
                    where event_id = ? and occurred_at is null and not cancelled for update""")) {
                select.setObject(1, due.eventId());
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                    event = LifecycleEvent.ofType(rows.getString(1));
                }
            }
            Instant occurredAt = now.truncatedTo(ChronoUnit.MILLIS);
            SupplierRuntime supplier = suppliers.get(order.supplierId());
            boolean shopify = supplier != null && supplier.shopify();
            String body;
            if (event == LifecycleEvent.INVOICE_ISSUED) {
                body = shopify || supplier == null ? null : invoice(connection, due, order, supplier, occurredAt);
            } else {
                body = shopify ? shopifyBody(due.eventId(), event, order, supplier.rejectReason(), occurredAt)
                        : body(due.eventId(), event, order, occurredAt);
                moveOrder(connection, order, event, occurredAt);
            }
            try (PreparedStatement update = connection.prepareStatement("""
                    update sandbox.webhook_delivery set occurred_at = ?, body = ?, next_attempt_at = ?,
                        sent_at = case when ? then ?::timestamptz end
                    where event_id = ?""")) {
                update.setObject(1, timestamp(occurredAt));
                update.setString(2, body);
                update.setObject(3, timestamp(occurredAt));
                // what Shopify sends no webhook for is done once it happened
                update.setBoolean(4, body == null);
                update.setObject(5, timestamp(occurredAt));
                update.setObject(6, due.eventId());
                update.executeUpdate();
            }
            return true;
        });
    }

    /**
     * The invoice for a delivered order: every line at its purchase-order price, numbered after the order. The
     * supplier's next invoice fault, if any, makes it wrong (or absent, or sent a second time as a new webhook).
     */
    private static String invoice(Connection connection, Due due, Order order, SupplierRuntime supplier,
            Instant issuedAt) throws SQLException {
        if (order.lines().stream().anyMatch(l -> l.unitPrice() == null || l.currency() == null)) {
            return null;
        }
        var fault = supplier.takeInvoiceFault().orElse(null);
        if (fault == SupplierRuntime.InvoiceFault.OMIT) {
            return null;
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            NewOrder.Line line = order.lines().get(i);
            BigDecimal price = fault == SupplierRuntime.InvoiceFault.WRONG_PRICE
                    ? line.unitPrice().multiply(new BigDecimal("1.10")).setScale(2, RoundingMode.HALF_UP)
                    : line.unitPrice();
            int quantity = line.quantity() + (fault == SupplierRuntime.InvoiceFault.EXTRA_QUANTITY && i == 0 ? 1 : 0);
            Map<String, Object> invoiceLine = new LinkedHashMap<>();
            invoiceLine.put("supplierOrderId", order.id());
            invoiceLine.put("supplierSku", line.supplierSku());
            invoiceLine.put("quantity", quantity);
            invoiceLine.put("unitPrice", price);
            lines.add(invoiceLine);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("invoiceNumber", "INV-" + order.id());
        data.put("issuedAt", issuedAt.toString());
        data.put("currency", order.lines().getFirst().currency());
        data.put("lines", lines);
        data.put("shipping", new BigDecimal("4.90"));
        data.put("tax", BigDecimal.ZERO);
        if (fault == SupplierRuntime.InvoiceFault.DUPLICATE) {
            // the same invoice again, later, as a webhook of its own (a new event id): what a supplier's billing
            // run that went twice sends
            try (PreparedStatement copy = connection.prepareStatement("""
                    insert into sandbox.webhook_delivery (event_id, order_id, supplier_id, seq, type, due_at)
                    select ?, order_id, supplier_id, (select max(seq) + 1 from sandbox.webhook_delivery
                                                      where order_id = ?), type, due_at
                    from sandbox.webhook_delivery where event_id = ?""")) {
                copy.setObject(1, UUID.randomUUID());
                copy.setString(2, order.id());
                copy.setObject(3, due.eventId());
                copy.executeUpdate();
            }
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", due.eventId().toString());
        envelope.put("type", LifecycleEvent.INVOICE_ISSUED.type());
        envelope.put("occurredAt", issuedAt.toString());
        envelope.put("data", data);
        return Json.MAPPER.writeValueAsString(envelope);
    }

    private static Order lockOrder(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                select id, supplier_id, reference, lines, fulfillment_id, expected_ship_date, carrier, tracking_number
                from sandbox.supplier_order where id = ? for update skip locked""")) {
            select.setString(1, orderId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new Order(rows.getString(1), rows.getString(2), rows.getString(3),
                        SupplierOrders.lines(rows.getString(4)), rows.getString(5), rows.getObject(6, LocalDate.class),
                        rows.getString(7), rows.getString(8));
            }
        }
    }

    private static void moveOrder(Connection connection, Order order, LifecycleEvent event, Instant at)
            throws SQLException {
        String reachedColumn = switch (event) {
            case ACCEPTED -> "accepted_at";
            case REJECTED -> "rejected_at";
            case FULFILLMENT_CREATED -> "fulfilled_at";
            case SHIPMENT_TRACKED -> "shipped_at";
            case SHIPMENT_DELIVERED -> "delivered_at";
            case INVOICE_ISSUED -> throw new IllegalStateException("an invoice does not move the order");
        };
        try (PreparedStatement update = connection.prepareStatement(
                "update sandbox.supplier_order set status = ?, updated_at = ?, " + reachedColumn + " = ? where id = ?")) {
            update.setString(1, event.reached.name());
            update.setObject(2, timestamp(at));
            update.setObject(3, timestamp(at));
            update.setString(4, order.id());
            update.executeUpdate();
        }
        if (event == LifecycleEvent.ACCEPTED) {
            for (NewOrder.Line line : order.lines()) {
                StockLevels.take(connection, order.supplierId(), line.supplierSku(), line.quantity(), at);
            }
        }
    }

    private static List<OrderDetails.FulfilledLine> fulfilledLines(Order order) {
        return order.lines().stream()
                .map(line -> new OrderDetails.FulfilledLine(line.lineReference(), line.quantity()))
                .toList();
    }

    private static String shopifyBody(UUID eventId, LifecycleEvent event, Order order, String rejectReason,
            Instant occurredAt) {
        if (ShopifyWebhooks.topic(event.type()) == null) {
            return null;
        }
        return ShopifyWebhooks.body(event.type(), eventId, new ShopifyWebhooks.Shipment(order.id(), order.reference(),
                order.lines(), order.fulfillmentId(), order.carrier(), order.trackingNumber(),
                SupplierOrders.trackingUrl(order.trackingNumber())), rejectReason, occurredAt);
    }

    private static String body(UUID eventId, LifecycleEvent event, Order order, Instant occurredAt) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", order.id());
        data.put("reference", order.reference());
        switch (event) {
            case ACCEPTED -> {}
            case REJECTED -> data.put("reason", "OUT_OF_STOCK");
            case FULFILLMENT_CREATED -> {
                data.put("fulfillmentId", order.fulfillmentId());
                data.put("lines", fulfilledLines(order));
                data.put("expectedShipDate", order.expectedShipDate().toString());
            }
            case SHIPMENT_TRACKED -> {
                data.put("fulfillmentId", order.fulfillmentId());
                data.put("lines", fulfilledLines(order));
                data.put("carrier", order.carrier());
                data.put("trackingNumber", order.trackingNumber());
                data.put("trackingUrl", SupplierOrders.trackingUrl(order.trackingNumber()));
            }
            case INVOICE_ISSUED -> throw new IllegalStateException("invoices have a body of their own");
            case SHIPMENT_DELIVERED -> {
                // a delivery states what was delivered and how it travelled, as real fulfillment payloads do
                data.put("fulfillmentId", order.fulfillmentId());
                data.put("lines", fulfilledLines(order));
                data.put("carrier", order.carrier());
                data.put("trackingNumber", order.trackingNumber());
                data.put("trackingUrl", SupplierOrders.trackingUrl(order.trackingNumber()));
                data.put("deliveredAt", occurredAt.toString());
            }
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("eventId", eventId.toString());
        envelope.put("type", event.type());
        envelope.put("occurredAt", occurredAt.toString());
        envelope.put("data", data);
        return Json.MAPPER.writeValueAsString(envelope);
    }
}
