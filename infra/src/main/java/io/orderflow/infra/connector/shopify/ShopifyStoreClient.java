package io.orderflow.infra.connector.shopify;

import io.orderflow.infra.connector.SupplierConnection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * A retailer's own Shopify store, written back to through the same GraphQL transport, rate limit and error
 * classification as supplier shops ({@link ShopifyTransport}): fulfillments from its fulfillment orders, tracking,
 * fulfillment events, cancellations and refunds, and inventory quantities at one location.
 */
@Component
public class ShopifyStoreClient {

    private static final double READ_COST = 10;
    private static final double MUTATION_COST = 10;

    private final ShopifyTransport transport;

    ShopifyStoreClient(ShopifyTransport transport) {
        this.transport = transport;
    }

    public record FulfillmentOrderLine(String fulfillmentOrderId, String id, String lineItemId, int remaining) {
    }

    public record ExistingFulfillment(String id, Map<String, Integer> lineItems, String trackingNumber) {
    }

    public record OrderState(boolean cancelled, List<FulfillmentOrderLine> openLines,
                             List<ExistingFulfillment> fulfillments) {
    }

    public record Tracking(String company, String number, String url) {
    }

    /**
     * The order's fulfillment orders (their lines and what remains to fulfil) and the fulfillments it has; empty when
     * the store has no such order (deleted there).
     */
    public Optional<OrderState> orderState(SupplierConnection store, String orderGid, String correlationId) {
        var order = transport.call(store, StoreDocuments.ORDER_STATE, Map.of("id", orderGid), READ_COST, correlationId)
                .path("order");
        if (order.isMissingNode() || order.isNull()) {
            return Optional.empty();
        }
        var lines = new ArrayList<FulfillmentOrderLine>();
        for (var fo : order.path("fulfillmentOrders").path("nodes")) {
            for (var line : fo.path("lineItems").path("nodes")) {
                lines.add(new FulfillmentOrderLine(fo.path("id").asString(), line.path("id").asString(),
                        line.path("lineItem").path("id").asString(), line.path("remainingQuantity").asInt()));
            }
        }
        var fulfillments = new ArrayList<ExistingFulfillment>();
        for (var f : order.path("fulfillments")) {
            var items = new LinkedHashMap<String, Integer>();
            for (var item : f.path("fulfillmentLineItems").path("nodes")) {
                items.merge(item.path("lineItem").path("id").asString(), item.path("quantity").asInt(), Integer::sum);
            }
            var tracking = f.path("trackingInfo");
            fulfillments.add(new ExistingFulfillment(f.path("id").asString(), items,
                    tracking.isArray() && !tracking.isEmpty() ? tracking.get(0).path("number").asString(null) : null));
        }
        return Optional.of(new OrderState(!order.path("cancelledAt").isNull()
                && !order.path("cancelledAt").isMissingNode(), lines, fulfillments));
    }

    /** Answers the new fulfillment's id; userErrors are permanent failures. */
    public String createFulfillment(SupplierConnection store, Map<FulfillmentOrderLine, Integer> quantities,
                                    Tracking tracking, boolean notifyCustomer, String correlationId) {
        var byOrder = new LinkedHashMap<String, List<Map<String, Object>>>();
        quantities.forEach((line, quantity) -> byOrder.computeIfAbsent(line.fulfillmentOrderId(), id -> new ArrayList<>())
                .add(Map.of("id", line.id(), "quantity", quantity)));
        var fulfillment = new LinkedHashMap<String, Object>();
        fulfillment.put("lineItemsByFulfillmentOrder", byOrder.entrySet().stream().map(e -> Map.of(
                "fulfillmentOrderId", e.getKey(), "fulfillmentOrderLineItems", e.getValue())).toList());
        fulfillment.put("notifyCustomer", notifyCustomer);
        if (tracking != null) {
            fulfillment.put("trackingInfo", trackingInput(tracking));
        }
        var result = transport.call(store, StoreDocuments.FULFILLMENT_CREATE, Map.of("fulfillment", fulfillment),
                MUTATION_COST, correlationId).path("fulfillmentCreate");
        ShopifyMapping.failOnUserErrors(store, result.path("userErrors"), "fulfillmentCreate");
        var id = result.path("fulfillment").path("id").asString(null);
        if (id == null) {
            throw new IllegalStateException("store " + ShopifyMapping.shopOf(store) + " made no fulfillment");
        }
        return id;
    }

    public void updateTracking(SupplierConnection store, String fulfillmentId, Tracking tracking,
                               boolean notifyCustomer, String correlationId) {
        var variables = new LinkedHashMap<String, Object>();
        variables.put("fulfillmentId", fulfillmentId);
        variables.put("trackingInfoInput", trackingInput(tracking));
        variables.put("notifyCustomer", notifyCustomer);
        ShopifyMapping.failOnUserErrors(store, transport.call(store, StoreDocuments.TRACKING_UPDATE, variables,
                MUTATION_COST, correlationId).path("fulfillmentTrackingInfoUpdate").path("userErrors"),
                "fulfillmentTrackingInfoUpdate");
    }

    /** status: a FulfillmentEventStatus (IN_TRANSIT, OUT_FOR_DELIVERY, ATTEMPTED_DELIVERY, DELIVERED, FAILURE, ...). */
    public void fulfillmentEvent(SupplierConnection store, String fulfillmentId, String status, String happenedAt,
                                 String correlationId) {
        var event = new LinkedHashMap<String, Object>();
        event.put("fulfillmentId", fulfillmentId);
        event.put("status", status);
        event.put("happenedAt", happenedAt);
        ShopifyMapping.failOnUserErrors(store, transport.call(store, StoreDocuments.FULFILLMENT_EVENT,
                Map.of("fulfillmentEvent", event), MUTATION_COST, correlationId)
                .path("fulfillmentEventCreate").path("userErrors"), "fulfillmentEventCreate");
    }

    /** The whole order cancelled in the store, restocked; refunded when the retailer's settings say so. */
    public void cancelOrder(SupplierConnection store, String orderGid, boolean refund, String correlationId) {
        var variables = new LinkedHashMap<String, Object>();
        variables.put("orderId", orderGid);
        variables.put("reason", "OTHER");
        variables.put("refund", refund);
        variables.put("restock", true);
        variables.put("notifyCustomer", false);
        ShopifyMapping.failOnUserErrors(store, transport.call(store, ShopifyDocuments.CANCEL, variables,
                MUTATION_COST, correlationId).path("orderCancel").path("orderCancelUserErrors"), "orderCancel");
    }

    /**
     * Some lines taken off the order in the store ({@code refundCreate}, restock type CANCEL); with an amount, that
     * much is refunded to the customer too (the order's first payment transaction is the parent).
     */
    public void refundLines(SupplierConnection store, String orderGid, Map<String, Integer> lineItems, String note,
                            String correlationId) {
        var input = new LinkedHashMap<String, Object>();
        input.put("orderId", orderGid);
        input.put("note", note);
        input.put("notify", false);
        input.put("refundLineItems", lineItems.entrySet().stream().map(e -> Map.of("lineItemId", e.getKey(),
                "quantity", e.getValue(), "restockType", "CANCEL")).toList());
        ShopifyMapping.failOnUserErrors(store, transport.call(store, StoreDocuments.REFUND_CREATE, Map.of("input", input),
                MUTATION_COST, correlationId).path("refundCreate").path("userErrors"), "refundCreate");
    }

    /** The inventory item of the store's variant with this SKU, if it has one. */
    public Optional<String> inventoryItemOf(SupplierConnection store, String sku, String correlationId) {
        var variants = transport.call(store, StoreDocuments.VARIANT_BY_SKU,
                Map.of("query", "sku:\"" + sku.replace("\"", "") + "\""), READ_COST, correlationId)
                .path("productVariants");
        for (var node : variants.path("nodes")) {
            if (sku.equals(node.path("sku").asString(null))) {
                return Optional.ofNullable(node.path("inventoryItem").path("id").asString(null));
            }
        }
        return Optional.empty();
    }

    /** Sets "available" at one location for up to 250 inventory items, whatever the store held before. */
    public void setAvailable(SupplierConnection store, String locationId, Map<String, Integer> byInventoryItem,
                             String correlationId) {
        var input = new LinkedHashMap<String, Object>();
        input.put("name", "available");
        input.put("reason", "correction");
        input.put("ignoreCompareQuantity", true);
        input.put("referenceDocumentUri", "orderflow://availability");
        input.put("quantities", byInventoryItem.entrySet().stream().map(e -> Map.of("inventoryItemId", e.getKey(),
                "locationId", locationId, "quantity", e.getValue())).toList());
        JsonNode result = transport.call(store, StoreDocuments.SET_QUANTITIES, Map.of("input", input), MUTATION_COST,
                correlationId).path("inventorySetQuantities");
        ShopifyMapping.failOnUserErrors(store, result.path("userErrors"), "inventorySetQuantities");
    }

    private static Map<String, Object> trackingInput(Tracking tracking) {
        var input = new LinkedHashMap<String, Object>();
        input.put("company", tracking.company());
        input.put("number", tracking.number());
        input.put("url", tracking.url());
        return input;
    }
}
