package io.orderflow.infra.retailer;

import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient.FulfillmentOrderLine;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient.Tracking;
import io.orderflow.infra.failure.Failures;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes what happens to an order that came from a retailer's Shopify store back to that store: each shipment becomes
 * one fulfillment (from the order's fulfillment orders, notify-customer off unless the retailer lets Shopify send the
 * mails), tracking updates it, carrier statuses and the delivery become fulfillment events, and cancelled lines are
 * cancelled (or refunded) there. Idempotent: the Shopify fulfillment id is recorded per shipment as soon as it is
 * known, and before any create the store's fulfillments are read, and one with exactly the shipment's line items that
 * no other shipment has claimed is taken as ours (a create whose answer was lost), so a retry never makes a second
 * fulfillment. A store that cannot be reached fails the batch as transient (retried, never parked); a store that
 * refuses (userErrors) parks the order's sequence in the dead-letter queue.
 */
@Component
@ProcessingGroup(RetailerStoreSync.GROUP)
class RetailerStoreSync {

    static final String GROUP = "retailer-store-sync";
    private static final Logger log = LoggerFactory.getLogger(RetailerStoreSync.class);
    private static final String NOTHING_TO_FULFIL = "-";

    private final RetailerStoreLinks links;
    private final ShopifyStoreClient client;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate separately;
    private final Clock clock;

    RetailerStoreSync(RetailerStoreLinks links, ShopifyStoreClient client, JdbcTemplate jdbc,
                      PlatformTransactionManager transactions, Clock clock) {
        this.links = links;
        this.client = client;
        this.jdbc = jdbc;
        this.clock = clock;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @EventHandler
    void on(FulfillmentCreatedEvent event, @MetaDataValue("correlationId") String correlationId) {
        links.link(event.orderId().value()).ifPresent(link ->
                ensureFulfillment(link, event.fulfillmentId(), event.lines(), null, correlationId));
    }

    @EventHandler
    void on(ShipmentTrackedEvent event, @MetaDataValue("correlationId") String correlationId) {
        links.link(event.orderId().value()).ifPresent(link -> {
            var tracking = new Tracking(event.carrier(), event.trackingNumber(), event.trackingUrl());
            var row = row(link.orderId(), event.shipmentId());
            if (row == null || row.fulfillmentId() == null) {
                ensureFulfillment(link, event.shipmentId(), event.lines(), tracking, correlationId);
                return;
            }
            if (row.fulfillmentId().equals(NOTHING_TO_FULFIL)
                    || Objects.equals(row.trackingNumber(), event.trackingNumber())) {
                return;
            }
            call(link, () -> {
                client.updateTracking(link.store().connection(), row.fulfillmentId(), tracking,
                        link.store().shopifyNotifiesCustomer(), correlationId);
                return null;
            });
            record("UPDATE retailer_store_fulfillment SET tracking_number = ?, updated_at = ? WHERE order_id = ?"
                    + " AND shipment_id = ?", event.trackingNumber(), now(), link.orderId(), event.shipmentId());
        });
    }

    @EventHandler
    void on(ShipmentStatusChangedEvent event, @MetaDataValue("correlationId") String correlationId) {
        var status = shopifyStatus(event.status());
        if (status != null) {
            links.link(event.orderId().value()).ifPresent(link ->
                    fulfillmentEvent(link, event.shipmentId(), status, event.occurredAt(), correlationId));
        }
    }

    @EventHandler
    void on(ShipmentDeliveredEvent event, @MetaDataValue("correlationId") String correlationId) {
        links.link(event.orderId().value()).ifPresent(link ->
                fulfillmentEvent(link, event.shipmentId(), "DELIVERED", event.deliveredAt(), correlationId));
    }

    /**
     * Lines we cancelled: the whole order cancelled in the store when nothing of it is left to fulfil there (refunded
     * when the retailer's settings say REFUND), otherwise the lines taken off the order with a refund of their items.
     */
    @EventHandler
    void on(OrderLinesCancelledEvent event, @MessageIdentifier String eventId,
            @MetaDataValue("correlationId") String correlationId) {
        var linked = links.link(event.orderId().value());
        if (linked.isEmpty() || jdbc.queryForObject("SELECT count(*) FROM retailer_store_cancellation WHERE order_id = ?"
                + " AND event_id = ?", Integer.class, event.orderId().value(), eventId) > 0) {
            return;
        }
        var link = linked.get();
        var store = link.store().connection();
        var found = call(link, () -> client.orderState(store, link.shopOrderGid(), correlationId));
        if (found.isEmpty()) {
            log.warn("Retailer {}'s store no longer has order {}; cancellation of order {} not written back",
                    link.store().retailerId(), link.shopOrderGid(), link.orderId());
        }
        var state = found.orElse(null);
        if (state != null && !state.cancelled()) {
            var cancelled = new LinkedHashMap<String, Integer>();
            for (LineQuantity line : event.lines()) {
                int remaining = state.openLines().stream()
                        .filter(l -> l.lineItemId().equals(RetailerStoreLinks.LINE_ITEM_GID + line.lineId()))
                        .mapToInt(FulfillmentOrderLine::remaining).sum();
                if (remaining > 0) {
                    cancelled.put(RetailerStoreLinks.LINE_ITEM_GID + line.lineId(), Math.min(remaining, line.quantity()));
                }
            }
            int open = state.openLines().stream().mapToInt(FulfillmentOrderLine::remaining).sum();
            int cancelling = cancelled.values().stream().mapToInt(Integer::intValue).sum();
            if (state.fulfillments().isEmpty() && cancelling == open && open > 0) {
                call(link, () -> {
                    client.cancelOrder(store, link.shopOrderGid(), link.store().refundCancelledLines(), correlationId);
                    return null;
                });
            } else if (!cancelled.isEmpty()) {
                call(link, () -> {
                    client.refundLines(store, link.shopOrderGid(), cancelled, clip("orderflow: " + event.reason()),
                            correlationId);
                    return null;
                });
            }
        }
        record("INSERT INTO retailer_store_cancellation (order_id, event_id, done_at) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING", link.orderId(), eventId, now());
    }

    private record Row(String fulfillmentId, String trackingNumber, String lastStatus) {
    }

    private Row row(String orderId, String shipmentId) {
        return jdbc.query("""
                        SELECT fulfillment_id, tracking_number, last_status FROM retailer_store_fulfillment
                        WHERE order_id = ? AND shipment_id = ?""",
                (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)), orderId, shipmentId)
                .stream().findFirst().orElse(null);
    }

    /** The shipment's fulfillment in the store: the one recorded, one a lost create made, or a new one. */
    private String ensureFulfillment(RetailerStoreLinks.Link link, String shipmentId, List<LineQuantity> lines,
                                     Tracking tracking, String correlationId) {
        var existing = row(link.orderId(), shipmentId);
        if (existing != null && existing.fulfillmentId() != null) {
            return existing.fulfillmentId();
        }
        var store = link.store().connection();
        var wanted = lines.stream().collect(Collectors.toMap(l -> RetailerStoreLinks.LINE_ITEM_GID + l.lineId(),
                LineQuantity::quantity, Integer::sum, LinkedHashMap::new));
        record("""
                INSERT INTO retailer_store_fulfillment (order_id, shipment_id, line_items, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", link.orderId(), shipmentId, wanted.toString(), now(),
                now());
        var found = call(link, () -> client.orderState(store, link.shopOrderGid(), correlationId));
        if (found.isEmpty()) {
            log.warn("Retailer {}'s store no longer has order {}; shipment {} of order {} not written back",
                    link.store().retailerId(), link.shopOrderGid(), shipmentId, link.orderId());
            record("UPDATE retailer_store_fulfillment SET fulfillment_id = ?, updated_at = ? WHERE order_id = ?"
                    + " AND shipment_id = ?", NOTHING_TO_FULFIL, now(), link.orderId(), shipmentId);
            return NOTHING_TO_FULFIL;
        }
        var state = found.get();
        var claimed = new HashSet<>(jdbc.queryForList("""
                SELECT fulfillment_id FROM retailer_store_fulfillment WHERE order_id = ? AND fulfillment_id IS NOT NULL""",
                String.class, link.orderId()));
        var lost = state.fulfillments().stream()
                .filter(f -> !claimed.contains(f.id()) && f.lineItems().equals(wanted))
                .findFirst();
        String fulfillmentId;
        if (lost.isPresent()) {
            fulfillmentId = lost.get().id();
            log.info("Shipment {} of order {} already has fulfillment {} in the store", shipmentId, link.orderId(),
                    fulfillmentId);
        } else {
            var quantities = new LinkedHashMap<FulfillmentOrderLine, Integer>();
            wanted.forEach((lineItem, quantity) -> {
                int left = quantity;
                for (var line : state.openLines()) {
                    if (left > 0 && line.lineItemId().equals(lineItem) && line.remaining() > 0) {
                        int take = Math.min(left, line.remaining());
                        quantities.put(line, take);
                        left -= take;
                    }
                }
            });
            fulfillmentId = quantities.isEmpty() ? NOTHING_TO_FULFIL : call(link, () -> client.createFulfillment(store,
                    quantities, tracking, link.store().shopifyNotifiesCustomer(), correlationId));
        }
        record("""
                UPDATE retailer_store_fulfillment SET fulfillment_id = ?, tracking_number = ?, updated_at = ?
                WHERE order_id = ? AND shipment_id = ?""", fulfillmentId,
                tracking == null || lost.isPresent() ? null : tracking.number(), now(), link.orderId(), shipmentId);
        if (lost.isPresent() && tracking != null && !Objects.equals(lost.get().trackingNumber(), tracking.number())) {
            call(link, () -> {
                client.updateTracking(store, fulfillmentId, tracking, link.store().shopifyNotifiesCustomer(),
                        correlationId);
                return null;
            });
            record("UPDATE retailer_store_fulfillment SET tracking_number = ? WHERE order_id = ? AND shipment_id = ?",
                    tracking.number(), link.orderId(), shipmentId);
        }
        return fulfillmentId;
    }

    private void fulfillmentEvent(RetailerStoreLinks.Link link, String shipmentId, String status, Instant at,
                                  String correlationId) {
        var row = row(link.orderId(), shipmentId);
        String fulfillmentId = row != null && row.fulfillmentId() != null ? row.fulfillmentId()
                : null;
        if (fulfillmentId == null || fulfillmentId.equals(NOTHING_TO_FULFIL) || status.equals(row.lastStatus())
                || "DELIVERED".equals(row.lastStatus())) {
            return;
        }
        call(link, () -> {
            client.fulfillmentEvent(link.store().connection(), fulfillmentId, status, at.toString(), correlationId);
            return null;
        });
        record("UPDATE retailer_store_fulfillment SET last_status = ?, updated_at = ? WHERE order_id = ?"
                + " AND shipment_id = ?", status, now(), link.orderId(), shipmentId);
    }

    private static String shopifyStatus(ShipmentStatus status) {
        return switch (status) {
            case IN_TRANSIT -> "IN_TRANSIT";
            case OUT_FOR_DELIVERY -> "OUT_FOR_DELIVERY";
            case ATTEMPTED_DELIVERY -> "ATTEMPTED_DELIVERY";
            case DELAYED -> "DELAYED";
            case DELIVERY_FAILED -> "FAILURE";
            default -> null;
        };
    }

    /** A store that cannot be reached right now is a transient failure: the batch is retried, not parked. */
    private static <T> T call(RetailerStoreLinks.Link link, Supplier<T> call) {
        try {
            return call.get();
        } catch (SupplierCallException failure) {
            if (failure.isTransient()) {
                throw new Failures.TransientFailure("retailer " + link.store().retailerId() + "'s store: "
                        + failure.getMessage(), failure);
            }
            throw failure;
        } catch (org.springframework.web.client.ResourceAccessException unreachable) {
            throw new Failures.TransientFailure("retailer " + link.store().retailerId() + "'s store unreachable",
                    unreachable);
        }
    }

    /** Written in a transaction of its own, so that what the store already holds is never forgotten in a rollback. */
    private void record(String sql, Object... args) {
        separately.executeWithoutResult(status -> jdbc.update(sql, args));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static String clip(String text) {
        return text == null || text.length() <= 250 ? text : text.substring(0, 250);
    }
}
