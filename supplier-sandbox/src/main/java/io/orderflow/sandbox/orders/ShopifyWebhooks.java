package io.orderflow.sandbox.orders;

import io.orderflow.sandbox.http.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
  * What a Shopify shop sends when a sandbox lifecycle event happens, in the REST-style JSON of Shopify webhooks.
  * Acceptance has no webhook (a Shopify order is taken once it exists); a rejection is the shop cancelling the order
  * with a reason; fulfillment, tracking and delivery are a fulfillment created, updated with tracking, and a
  * fulfillment event "delivered".
  */
public final class ShopifyWebhooks {

    public static final String API_VERSION = "2025-10";

    /** The order as the lifecycle knows it when an event happens. */
    public record Shipment(String orderId, String tag, List<NewOrder.Line> lines, String fulfillmentId, String carrier,
            String trackingNumber, String trackingUrl) {}

    private ShopifyWebhooks() {}

    /** The webhook topic of a sandbox lifecycle type, or null when Shopify sends none. */
    public static String topic(String lifecycleType) {
        return switch (lifecycleType) {
            case "order.rejected" -> "orders/cancelled";
            case "fulfillment.created" -> "fulfillments/create";
            case "shipment.tracked" -> "fulfillments/update";
            case "shipment.delivered" -> "fulfillment_events/create";
            default -> null;
        };
    }

    public static String body(String lifecycleType, UUID eventId, Shipment order, String cancelReason, Instant at) {
        long orderNumber = ShopifyIds.orderNumber(order.orderId());
        Map<String, Object> body = new LinkedHashMap<>();
        switch (lifecycleType) {
            case "order.rejected" -> {
                body.put("id", orderNumber);
                body.put("admin_graphql_api_id", ShopifyIds.ORDER + orderNumber);
                body.put("name", "#" + orderNumber);
                body.put("tags", order.tag());
                body.put("cancelled_at", at.toString());
                body.put("cancel_reason", cancelReason);
                body.put("updated_at", at.toString());
                body.put("line_items", lineItems(order.lines()));
            }
            case "fulfillment.created", "shipment.tracked" -> {
                boolean tracked = lifecycleType.equals("shipment.tracked");
                long fulfillmentNumber = ShopifyIds.orderNumber(order.fulfillmentId());
                body.put("id", fulfillmentNumber);
                body.put("admin_graphql_api_id", ShopifyIds.FULFILLMENT + fulfillmentNumber);
                body.put("order_id", orderNumber);
                body.put("name", "#" + orderNumber + ".1");
                body.put("status", tracked ? "success" : "open");
                body.put("created_at", at.toString());
                body.put("updated_at", at.toString());
                body.put("tracking_company", tracked ? order.carrier() : null);
                body.put("tracking_number", tracked ? order.trackingNumber() : null);
                body.put("tracking_numbers", tracked ? List.of(order.trackingNumber()) : List.of());
                body.put("tracking_url", tracked ? order.trackingUrl() : null);
                body.put("tracking_urls", tracked ? List.of(order.trackingUrl()) : List.of());
                body.put("shipment_status", tracked ? "in_transit" : null);
                body.put("line_items", lineItems(order.lines()));
            }
            case "shipment.delivered" -> {
                long fulfillmentNumber = ShopifyIds.orderNumber(order.fulfillmentId());
                long eventNumber = Math.floorMod(eventId.getMostSignificantBits(), 1_000_000_000L);
                body.put("id", eventNumber);
                body.put("admin_graphql_api_id", "gid://shopify/FulfillmentEvent/" + eventNumber);
                body.put("fulfillment_id", fulfillmentNumber);
                body.put("order_id", orderNumber);
                body.put("status", "delivered");
                body.put("message", "Delivered");
                body.put("happened_at", at.toString());
                body.put("created_at", at.toString());
            }
            default -> throw new IllegalArgumentException("Shopify sends no webhook for " + lifecycleType);
        }
        return Json.MAPPER.writeValueAsString(body);
    }

    private static List<Map<String, Object>> lineItems(List<NewOrder.Line> lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        int n = 0;
        for (NewOrder.Line line : lines) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", ++n);
            item.put("variant_id", line.variantId() == null ? null
                    : Long.parseLong(line.variantId().substring(ShopifyIds.VARIANT.length())));
            item.put("sku", line.supplierSku());
            item.put("quantity", line.quantity());
            item.put("properties", List.of(Map.of("name", "_orderflow_line", "value", line.lineReference())));
            items.add(item);
        }
        return items;
    }
}
