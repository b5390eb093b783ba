package io.orderflow.infra.connector.shopify;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient.CancelAnswer;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierOrder;
import io.orderflow.infra.connector.shopify.ShopifyClient.Fulfillment;
import io.orderflow.infra.connector.shopify.ShopifyClient.InventoryLevel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Our orders in the shop's terms, and the shop's answers in ours: the GraphQL variables and {@code data} shapes. */
final class ShopifyMapping {

    private ShopifyMapping() {
    }

    /** Our allocation tag on the shop's order: {@code alloc-<allocation id>}. */
    static String tag(String allocationId) {
        return ShopifyClient.TAG_PREFIX + allocationId;
    }

    /** {@code gid://shopify/Location/123} → {@code 123}; anything else as it is. */
    static String numericId(String gid) {
        int slash = gid.lastIndexOf('/');
        return gid.startsWith("gid://") && slash >= 0 ? gid.substring(slash + 1) : gid;
    }

    /** The global id of an inventory item by its numeric id. */
    static String inventoryItemGid(String numericId) {
        return "gid://shopify/InventoryItem/" + numericId;
    }

    /** The shop a connection names: its domain, else its supplier id (the rate-limit and log key). */
    static String shopOf(SupplierConnection shop) {
        return shop.shopDomain() != null && !shop.shopDomain().isBlank() ? shop.shopDomain() : shop.supplierId();
    }

    /** {@code orderCreate}'s order: the variants in supplier units, our line ids as properties, our tag, paid. */
    static Map<String, Object> orderInput(SupplierOrder order) {
        var to = order.shipTo();
        var address = new LinkedHashMap<String, Object>();
        address.put("firstName", firstName(to.name()));
        address.put("lastName", lastName(to.name()));
        address.put("address1", to.line1());
        address.put("address2", to.line2());
        address.put("city", to.city());
        address.put("provinceCode", to.region());
        address.put("zip", to.postalCode());
        address.put("countryCode", to.country());
        var lineItems = new ArrayList<Map<String, Object>>();
        for (AllocatedLine line : order.lines()) {
            if (line.variantId() == null || line.variantId().isBlank()) {
                throw new SupplierCallException("catalog line " + line.sku() + " has no Shopify variant id", false);
            }
            var item = new LinkedHashMap<String, Object>();
            item.put("variantId", line.variantId());
            item.put("quantity", line.supplierUnits());
            item.put("sku", line.supplierSku());
            if (line.unitCost() != null) {
                // the agreed price of one unit: what the shop charges us, and so our invoice from it
                item.put("priceSet", Map.of("shopMoney", Map.of("amount", line.unitCost().amount().toPlainString(),
                        "currencyCode", line.unitCost().currency())));
            }
            item.put("properties", List.of(Map.of("name", ShopifyClient.LINE_PROPERTY, "value", line.lineId())));
            lineItems.add(item);
        }
        var input = new LinkedHashMap<String, Object>();
        input.put("lineItems", lineItems);
        input.put("shippingAddress", address);
        input.put("tags", List.of(tag(order.allocationId())));
        input.put("note", "orderflow order " + order.orderId() + ", allocation " + order.allocationId());
        input.put("financialStatus", "PAID");
        return input;
    }

    private static String firstName(String name) {
        int space = name == null ? -1 : name.indexOf(' ');
        return space < 0 ? null : name.substring(0, space);
    }

    private static String lastName(String name) {
        int space = name == null ? -1 : name.indexOf(' ');
        return space < 0 ? name : name.substring(space + 1);
    }

    /** userErrors are the shop refusing this input: repeating it cannot help. */
    static void failOnUserErrors(SupplierConnection shop, JsonNode errors, String operation) {
        if (errors.isArray() && !errors.isEmpty()) {
            throw new SupplierCallException("shop " + shopOf(shop) + " refused " + operation + ": "
                    + errors.get(0).path("message").asString(""), false);
        }
    }

    /** The id of the order in {@code orders} that carries our allocation's tag and is not cancelled. */
    static Optional<String> taggedOrder(JsonNode data, String allocationId) {
        for (var edge : data.path("orders").path("edges")) {
            var node = edge.path("node");
            boolean tagged = false;
            for (var t : node.path("tags")) {
                tagged |= t.asString("").equals(tag(allocationId));
            }
            boolean cancelled = node.path("cancelledAt").isString();
            if (tagged && !cancelled) {
                return Optional.ofNullable(node.path("id").asString(null));
            }
        }
        return Optional.empty();
    }

    /** What {@code orderCancel} answered; a refusal that is none of ours to classify is thrown as permanent. */
    static CancelAnswer cancelAnswer(SupplierConnection shop, JsonNode orderCancel) {
        var errors = orderCancel.path("orderCancelUserErrors");
        if (!errors.isArray() || errors.isEmpty()) {
            return CancelAnswer.CANCELLED;
        }
        var error = errors.get(0);
        var code = error.path("code").asString("");
        var message = error.path("message").asString("").toLowerCase();
        if (code.equals("NOT_FOUND")) {
            return CancelAnswer.NOT_FOUND;
        }
        if (message.contains("already") && message.contains("cancel")) {
            return CancelAnswer.CANCELLED;
        }
        if (message.contains("fulfilled") || message.contains("shipped")) {
            return CancelAnswer.TOO_LATE;
        }
        throw new SupplierCallException("shop " + shopOf(shop) + " refused orderCancel: " + code, false);
    }

    static Optional<ShopifyClient.OrderTotals> orderTotals(JsonNode order) {
        if (order.isMissingNode() || order.isNull()) {
            return Optional.empty();
        }
        var lines = new ArrayList<ShopifyClient.LineTotal>();
        for (var edge : order.path("lineItems").path("edges")) {
            var item = edge.path("node");
            lines.add(new ShopifyClient.LineTotal(item.path("sku").asString(null), item.path("quantity").asInt(0),
                    money(item.path("originalUnitPriceSet"))));
        }
        return Optional.of(new ShopifyClient.OrderTotals(order.path("name").asString(null),
                order.path("processedAt").asString(null), order.path("currencyCode").asString(null),
                money(order.path("totalShippingPriceSet")), money(order.path("totalTaxSet")), lines));
    }

    /** A MoneyBag's shop amount, exactly (Shopify sends amounts as decimal strings). */
    private static BigDecimal money(JsonNode bag) {
        var amount = bag.path("shopMoney").path("amount");
        try {
            return amount.isString() ? new BigDecimal(amount.asString())
                    : amount.isNumber() ? amount.decimalValue() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static List<Fulfillment> fulfillments(JsonNode order) {
        var fulfillments = new ArrayList<Fulfillment>();
        for (var f : order.path("fulfillments")) {
            var tracking = f.path("trackingInfo").path(0);
            var events = new ArrayList<String>();
            f.path("events").path("edges").forEach(e -> events.add(e.path("node").path("status").asString("")));
            fulfillments.add(new Fulfillment(f.path("id").asString(), f.path("status").asString(null),
                    tracking.path("company").asString(null), tracking.path("number").asString(null),
                    tracking.path("url").asString(null), events));
        }
        return fulfillments;
    }

    /** One page of {@code productVariants}: each variant's available quantity per location. */
    static List<InventoryLevel> inventoryLevels(JsonNode variants) {
        var levels = new ArrayList<InventoryLevel>();
        for (var edge : variants.path("edges")) {
            var variant = edge.path("node");
            var item = variant.path("inventoryItem");
            for (var levelEdge : item.path("inventoryLevels").path("edges")) {
                var level = levelEdge.path("node");
                int available = 0;
                for (var q : level.path("quantities")) {
                    if (q.path("name").asString("").equals("available")) {
                        available = q.path("quantity").asInt();
                    }
                }
                levels.add(new InventoryLevel(variant.path("id").asString(), variant.path("sku").asString(null),
                        item.path("id").asString(null), numericId(level.path("location").path("id").asString("")),
                        available, level.path("updatedAt").asString(null)));
            }
        }
        return levels;
    }

    /** Our allocation id from an order's tags, if it carries our tag. */
    static Optional<String> allocationOfTags(JsonNode order) {
        for (var t : order.path("tags")) {
            var tag = t.asString("");
            if (tag.startsWith(ShopifyClient.TAG_PREFIX) && tag.length() > ShopifyClient.TAG_PREFIX.length()) {
                return Optional.of(tag.substring(ShopifyClient.TAG_PREFIX.length()));
            }
        }
        return Optional.empty();
    }
}
