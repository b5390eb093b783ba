package io.orderflow.infra.connector.shopify;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RejectSupplierOrderCommand;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.AllocationLinks.Link;
import io.orderflow.infra.connector.SupplierRegistry;
import io.orderflow.infra.connector.WebhookTranslation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a Shopify webhook (its topic from {@code X-Shopify-Topic}, the REST-style JSON body) and says which commands
 * it asks for, in order. The shop's order is mapped back to our allocation by our tag ({@code alloc-<id>}) or by the
 * order id the dispatcher recorded with the supplier order's link (else the shop is asked for the order's tag);
 * Shopify's fulfillment is our shipment, named by its global id. A fulfillment update carries the whole fulfillment,
 * so it also creates the fulfillment if that webhook was lost or is late (repeated commands change nothing). An
 * inventory level names an inventory item, whose SKU {@link ShopifyInventoryItems} knows; the level itself is for
 * inventory to read.
 */
@Component
public class ShopifyWebhookTranslator {

    private static final Logger log = LoggerFactory.getLogger(ShopifyWebhookTranslator.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ORDER_GID = "gid://shopify/Order/";
    private static final String FULFILLMENT_GID = "gid://shopify/Fulfillment/";
    /** Shopify's shipment statuses (fulfillment events and fulfillment.shipment_status) that orderflow tracks. */
    private static final Map<String, ShipmentStatus> STATUSES = Map.of(
            "in_transit", ShipmentStatus.IN_TRANSIT,
            "carrier_picked_up", ShipmentStatus.IN_TRANSIT,
            "picked_up", ShipmentStatus.IN_TRANSIT,
            "out_for_delivery", ShipmentStatus.OUT_FOR_DELIVERY,
            "delayed", ShipmentStatus.DELAYED,
            "attempted_delivery", ShipmentStatus.ATTEMPTED_DELIVERY,
            "failure", ShipmentStatus.DELIVERY_FAILED);

    private final AllocationLinks allocations;
    private final ShopifyInventoryItems inventoryItems;
    private final SupplierRegistry suppliers;
    private final ShopifyClient client;

    ShopifyWebhookTranslator(AllocationLinks allocations, ShopifyInventoryItems inventoryItems,
                             SupplierRegistry suppliers, ShopifyClient client) {
        this.allocations = allocations;
        this.inventoryItems = inventoryItems;
        this.suppliers = suppliers;
        this.client = client;
    }

    public List<WebhookTranslation> translate(String supplierId, String topic, byte[] body, long loggedAtMillis,
                                              String correlationId) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return List.of(WebhookTranslation.skip("malformed JSON"));
        }
        var logged = Instant.ofEpochMilli(loggedAtMillis);
        if ("inventory_levels/update".equals(topic)) {
            return List.of(inventoryLevel(supplierId, root, logged, correlationId));
        }
        var link = topic != null && topic.startsWith("orders/") ? byOrder(supplierId, root, correlationId)
                : bySupplierOrder(supplierId, root.path("order_id"), correlationId);
        if (link.isEmpty()) {
            return List.of(WebhookTranslation.skip("no allocation of " + supplierId + " for this " + topic));
        }
        var order = new OrderId(link.get().orderId());
        var allocation = new AllocationId(link.get().allocationId());
        return switch (topic) {
            case "orders/cancelled" -> List.of(WebhookTranslation.of(order, new RejectSupplierOrderCommand(order,
                    allocation, "cancelled by the shop: " + root.path("cancel_reason").asString("other"),
                    instant(root.path("cancelled_at"), logged))));
            case "orders/updated" ->
                    List.of(WebhookTranslation.skip("orders/updated: fulfillment and cancellation have their own topics"));
            case "fulfillments/create", "fulfillments/update" -> fulfillment(order, allocation, root, logged);
            case "fulfillment_events/create" -> {
                var shipmentId = FULFILLMENT_GID + root.path("fulfillment_id").asString("");
                yield List.of(status(order, allocation, shipmentId, root.path("status").asString(""),
                        root.path("message").asString(null), instant(root.path("happened_at"), logged)));
            }
            default -> List.of(WebhookTranslation.skip("topic " + topic + " is not handled"));
        };
    }

    private List<WebhookTranslation> fulfillment(OrderId order, AllocationId allocation, JsonNode fulfillment,
                                                 Instant logged) {
        var shipmentId = fulfillmentId(fulfillment);
        var at = instant(fulfillment.path("updated_at"), instant(fulfillment.path("created_at"), logged));
        var translations = new ArrayList<WebhookTranslation>();
        translations.add(WebhookTranslation.of(order, new CreateFulfillmentCommand(order, allocation, shipmentId,
                lines(allocation, fulfillment.path("line_items")), null,
                instant(fulfillment.path("created_at"), logged))));
        var trackingNumber = fulfillment.path("tracking_number").asString(null);
        if (trackingNumber != null && !trackingNumber.isBlank()) {
            translations.add(WebhookTranslation.of(order, new TrackShipmentCommand(order, allocation, shipmentId,
                    fulfillment.path("tracking_company").asString(null), trackingNumber,
                    fulfillment.path("tracking_url").asString(null), at)));
        }
        var shipmentStatus = fulfillment.path("shipment_status").asString(null);
        if (shipmentStatus != null) {
            translations.add(status(order, allocation, shipmentId, shipmentStatus, null, at));
        }
        return translations;
    }

    private static WebhookTranslation status(OrderId order, AllocationId allocation, String shipmentId, String status,
                                      String detail, Instant at) {
        if (status.equals("delivered")) {
            return WebhookTranslation.of(order, new DeliverShipmentCommand(order, allocation, shipmentId, at));
        }
        var mapped = STATUSES.get(status);
        return mapped == null ? WebhookTranslation.skip("shipment status " + status + " is not tracked")
                : WebhookTranslation.of(order,
                        new ChangeShipmentStatusCommand(order, allocation, shipmentId, mapped, detail, at));
    }

    /**
     * Our line ids, from the {@code _orderflow_line} property we gave each line item, else by supplier SKU; quantities
     * come in supplier units and are reported in retailer items, as routing converted them.
     */
    private List<LineQuantity> lines(AllocationId allocation, JsonNode lineItems) {
        var units = allocations.units(allocation.value());
        var quantities = new LinkedHashMap<String, Integer>();
        for (var item : lineItems) {
            String lineId = null;
            for (var property : item.path("properties")) {
                if (property.path("name").asString("").equals(ShopifyClient.LINE_PROPERTY)) {
                    lineId = property.path("value").asString(null);
                }
            }
            if (lineId == null) {
                lineId = units.lineOfSupplierSku(item.path("sku").asString("")).orElse(null);
            }
            if (lineId != null) {
                quantities.merge(lineId, units.items(lineId, item.path("quantity").asInt()), Integer::sum);
            }
        }
        var lines = new ArrayList<LineQuantity>();
        quantities.forEach((lineId, quantity) -> lines.add(new LineQuantity(lineId, quantity)));
        return lines;
    }

    private WebhookTranslation inventoryLevel(String supplierId, JsonNode level, Instant logged, String correlationId) {
        var item = level.path("inventory_item_id").asString("");
        if (item.isBlank()) {
            return WebhookTranslation.skip("inventory_levels/update without inventory_item_id");
        }
        var sku = inventoryItems.supplierSku(supplierId, item, correlationId);
        if (sku.isEmpty()) {
            return WebhookTranslation.skip("inventory item " + item + " of " + supplierId + " has no SKU");
        }
        ObjectNode data = JSON.createObjectNode();
        data.put("supplierSku", sku.get());
        data.put("locationId", level.path("location_id").asString(""));
        if (level.path("available").isNumber()) {
            data.set("available", level.path("available"));
        }
        if (level.path("updated_at").isString()) {
            data.put("asOf", instant(level.path("updated_at"), logged).toString());
        }
        return WebhookTranslation.stockLevel(data, logged);
    }

    private Optional<Link> byOrder(String supplierId, JsonNode order, String correlationId) {
        for (var tag : order.path("tags").asString("").split(",")) {
            var trimmed = tag.trim();
            if (trimmed.startsWith(ShopifyClient.TAG_PREFIX)) {
                var allocationId = trimmed.substring(ShopifyClient.TAG_PREFIX.length());
                var orderId = allocations.orderOf(supplierId, allocationId);
                if (orderId.isPresent()) {
                    return Optional.of(new Link(orderId.get(), allocationId));
                }
            }
        }
        return bySupplierOrder(supplierId, order.path("id"), correlationId);
    }

    /**
     * By the order id the dispatcher recorded; a webhook can be faster than that record (or a crash came between the
     * create and it), so an unknown order is asked of the shop for its tag.
     */
    private Optional<Link> bySupplierOrder(String supplierId, JsonNode shopOrderId, String correlationId) {
        var id = shopOrderId.asString("");
        if (id.isBlank()) {
            return Optional.empty();
        }
        var known = allocations.bySupplierOrder(supplierId, ORDER_GID + id);
        if (known.isPresent()) {
            return known;
        }
        try {
            return suppliers.connection(supplierId)
                    .filter(shop -> ShopifyClient.TYPE.equals(shop.connectorType()))
                    .flatMap(shop -> client.allocationOfOrder(shop, ORDER_GID + id, correlationId))
                    .flatMap(allocationId -> allocations.orderOf(supplierId, allocationId)
                            .map(orderId -> new Link(orderId, allocationId)));
        } catch (RuntimeException unreachable) {
            log.warn("order {} of shop {} could not be looked up: {}", id, supplierId, unreachable.toString());
            return Optional.empty();
        }
    }

    private static String fulfillmentId(JsonNode fulfillment) {
        var gid = fulfillment.path("admin_graphql_api_id").asString(null);
        return gid != null && gid.startsWith(FULFILLMENT_GID) ? gid : FULFILLMENT_GID + fulfillment.path("id").asString("");
    }

    /** Shopify writes times with an offset ({@code 2026-11-27T05:01:02-05:00}); missing or odd ones fall back. */
    private static Instant instant(JsonNode node, Instant fallback) {
        try {
            return node.isString() ? OffsetDateTime.parse(node.asString()).toInstant() : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
