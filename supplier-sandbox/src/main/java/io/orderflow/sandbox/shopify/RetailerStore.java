package io.orderflow.sandbox.shopify;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.orderflow.sandbox.http.Json;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.orders.ShopifyIds;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated shop playing a retailer's own store: its customers' orders go out as {@code orders/create} webhooks
 * (Shopify's headers, HMAC with the shop's webhook secret), and it takes the fulfillment, refund and inventory
 * mutations orderflow writes back. Kept in memory: a store is set up by the test or demo that uses it.
 */
public final class RetailerStore {

    private static final AtomicLong IDS = new AtomicLong(5_100_000_000L);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public record LineItem(long id, String sku, int quantity) {}

    public record Fulfillment(String id, List<Map<String, Object>> lineItems, Map<String, Object> trackingInfo,
            List<String> events, boolean notifyCustomer, Instant createdAt) {}

    public static final class Order {
        final long id;
        final Map<String, Object> payload;
        final List<LineItem> lineItems;
        final Map<Long, Integer> remaining = new LinkedHashMap<>();
        final List<Fulfillment> fulfillments = new ArrayList<>();
        final List<Map<String, Object>> refunds = new ArrayList<>();
        Instant cancelledAt;
        boolean cancelRefunded;

        Order(long id, Map<String, Object> payload, List<LineItem> lineItems) {
            this.id = id;
            this.payload = payload;
            this.lineItems = lineItems;
            lineItems.forEach(item -> remaining.put(item.id(), item.quantity()));
        }

        String gid() {
            return ShopifyIds.ORDER + id;
        }

        String fulfillmentOrderGid() {
            return "gid://shopify/FulfillmentOrder/" + id;
        }

        synchronized Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", id);
            view.put("adminGraphqlApiId", gid());
            view.put("lineItems", lineItems);
            view.put("remaining", remaining);
            view.put("fulfillments", List.copyOf(fulfillments));
            view.put("refunds", List.copyOf(refunds));
            view.put("cancelledAt", cancelledAt);
            view.put("cancelRefunded", cancelRefunded);
            return view;
        }
    }

    private final SupplierRuntime shop;
    private volatile URI webhookAddress;
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();
    private final Map<String, String> inventoryItemOfSku = new ConcurrentHashMap<>();
    private final Map<String, Integer> available = new ConcurrentHashMap<>();
    private final Map<String, Instant> availableUpdatedAt = new ConcurrentHashMap<>();
    private final AtomicLong inventoryWrites = new AtomicLong();

    RetailerStore(SupplierRuntime shop) {
        this.shop = shop;
    }

    public void subscribe(URI address) {
        if (address == null || !address.isAbsolute() || !address.getScheme().startsWith("http")) {
            throw Problem.badRequest("address must be an absolute http(s) URL");
        }
        webhookAddress = address;
    }

    public void addProducts(List<String> skus) {
        skus.forEach(sku -> inventoryItemOfSku.computeIfAbsent(sku, s -> ShopifyIds.INVENTORY_ITEM + IDS.incrementAndGet()));
    }

    /** A customer's order: numbered, stored, and sent as orders/create (the same delivery {@code deliveries} times). */
    public Map<String, Object> createOrder(JsonNode body, int deliveries) {
        if (!(body instanceof ObjectNode order) || !order.path("line_items").isArray()) {
            throw Problem.badRequest("an order needs line_items");
        }
        long id = order.path("id").isIntegralNumber() ? order.path("id").asLong() : IDS.incrementAndGet();
        order.put("id", id);
        order.put("admin_graphql_api_id", ShopifyIds.ORDER + id);
        if (!order.has("created_at")) {
            order.put("created_at", Instant.now().toString());
        }
        List<LineItem> items = new ArrayList<>();
        for (JsonNode item : order.path("line_items")) {
            long lineId = item.path("id").isIntegralNumber() ? item.path("id").asLong() : IDS.incrementAndGet();
            ((ObjectNode) item).put("id", lineId);
            items.add(new LineItem(lineId, item.path("sku").asString(null), item.path("quantity").asInt(0)));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> payload = Json.MAPPER.convertValue(order, Map.class);
        orders.putIfAbsent(id, new Order(id, payload, items));
        var statuses = send("orders/create", payload, deliveries);
        return Map.of("id", id, "adminGraphqlApiId", ShopifyIds.ORDER + id, "deliveries", statuses);
    }

    public Map<String, Object> cancelOrder(long id, String reason) {
        Order order = require(id);
        synchronized (order) {
            order.cancelledAt = Instant.now();
        }
        Map<String, Object> payload = new LinkedHashMap<>(order.payload);
        payload.put("cancelled_at", order.cancelledAt.toString());
        payload.put("cancel_reason", reason == null ? "customer" : reason);
        return Map.of("id", id, "deliveries", send("orders/cancelled", payload, 1));
    }

    public Map<String, Object> order(long id) {
        return require(id).view();
    }

    public List<Map<String, Object>> inventory() {
        List<Map<String, Object>> levels = new ArrayList<>();
        inventoryItemOfSku.forEach((sku, item) -> available.forEach((key, quantity) -> {
            if (key.startsWith(item + "@")) {
                Map<String, Object> level = new LinkedHashMap<>();
                level.put("sku", sku);
                level.put("inventoryItemId", item);
                level.put("locationId", key.substring(key.indexOf('@') + 1));
                level.put("available", quantity);
                level.put("updatedAt", availableUpdatedAt.get(key));
                levels.add(level);
            }
        }));
        levels.sort((a, b) -> ((String) a.get("sku")).compareTo((String) b.get("sku")));
        return levels;
    }

    public long inventoryWrites() {
        return inventoryWrites.get();
    }

    private Order require(long id) {
        Order order = orders.get(id);
        if (order == null) {
            throw Problem.notFound("no store order " + id);
        }
        return order;
    }

    private List<Integer> send(String topic, Map<String, Object> payload, int deliveries) {
        URI address = webhookAddress;
        if (address == null) {
            throw Problem.badRequest("the store has no webhook subscription: PUT /control/" + shop.id() + "/store/webhook");
        }
        byte[] body = Json.MAPPER.writeValueAsBytes(payload);
        String webhookId = UUID.randomUUID().toString();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < Math.max(1, deliveries); i++) {
            var request = HttpRequest.newBuilder(address)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .header(ShopifyHmac.HEADER, ShopifyHmac.sign(shop.webhookSecret(), body))
                    .header("X-Shopify-Topic", topic)
                    .header("X-Shopify-Shop-Domain", shop.shopDomain())
                    .header("X-Shopify-API-Version", "2025-10")
                    .header("X-Shopify-Webhook-Id", webhookId)
                    .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                    .header("X-Shopify-Triggered-At", Instant.now().toString())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            try {
                statuses.add(HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (java.io.IOException e) {
                statuses.add(0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                statuses.add(0);
            }
        }
        return statuses;
    }

    // ---- the Admin API side ----

    boolean hasOrder(String gid) {
        return orderOf(gid) != null;
    }

    private Order orderOf(String gid) {
        if (gid == null) {
            return null;
        }
        try {
            return orders.get(Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    Object orderQuery(String gid) {
        Order order = orderOf(gid);
        synchronized (order) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("id", order.gid());
            result.put("cancelledAt", order.cancelledAt == null ? null : order.cancelledAt.toString());
            List<Map<String, Object>> foLines = new ArrayList<>();
            for (LineItem item : order.lineItems) {
                foLines.add(Map.of("id", "gid://shopify/FulfillmentOrderLineItem/" + item.id(),
                        "remainingQuantity", order.remaining.get(item.id()),
                        "lineItem", Map.of("id", "gid://shopify/LineItem/" + item.id())));
            }
            boolean open = order.cancelledAt == null && order.remaining.values().stream().anyMatch(q -> q > 0);
            result.put("fulfillmentOrders", Map.of("nodes", List.of(Map.of("id", order.fulfillmentOrderGid(),
                    "status", open ? "OPEN" : "CLOSED", "lineItems", Map.of("nodes", foLines)))));
            List<Map<String, Object>> fulfillments = new ArrayList<>();
            for (Fulfillment f : order.fulfillments) {
                List<Map<String, Object>> items = new ArrayList<>();
                f.lineItems().forEach(li -> items.add(Map.of("lineItem", Map.of("id", li.get("lineItemId")),
                        "quantity", li.get("quantity"))));
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("id", f.id());
                node.put("createdAt", f.createdAt().toString());
                node.put("fulfillmentLineItems", Map.of("nodes", items));
                node.put("trackingInfo", f.trackingInfo() == null ? List.of() : List.of(f.trackingInfo()));
                fulfillments.add(node);
            }
            result.put("fulfillments", fulfillments);
            return result;
        }
    }

    Object fulfillmentCreate(JsonNode input) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Order order = null;
        List<Map<String, Object>> lines = new ArrayList<>();
        for (JsonNode byOrder : input.path("lineItemsByFulfillmentOrder")) {
            String foId = byOrder.path("fulfillmentOrderId").asString("");
            order = orderOf(foId);
            if (order == null) {
                errors.add(Map.of("field", List.of("fulfillment"), "message", "Fulfillment order does not exist."));
                break;
            }
            for (JsonNode line : byOrder.path("fulfillmentOrderLineItems")) {
                String lineGid = line.path("id").asString("");
                long lineId = Long.parseLong(lineGid.substring(lineGid.lastIndexOf('/') + 1));
                lines.add(Map.of("lineItemId", "gid://shopify/LineItem/" + lineId, "lineId", lineId,
                        "quantity", line.path("quantity").asInt(0)));
            }
        }
        if (order == null && errors.isEmpty()) {
            errors.add(Map.of("field", List.of("fulfillment"), "message", "lineItemsByFulfillmentOrder is required"));
        }
        if (!errors.isEmpty()) {
            return result("fulfillment", null, errors);
        }
        Order target = order;
        synchronized (target) {
            for (var line : lines) {
                long lineId = (Long) line.get("lineId");
                int quantity = (Integer) line.get("quantity");
                Integer remaining = target.remaining.get(lineId);
                if (remaining == null || quantity < 1 || quantity > remaining || target.cancelledAt != null) {
                    return result("fulfillment", null, List.of(Map.of("field", List.of("fulfillment"),
                            "message", "Invalid fulfillment order line item quantity requested.")));
                }
            }
            lines.forEach(line -> target.remaining.merge((Long) line.get("lineId"), -(Integer) line.get("quantity"),
                    Integer::sum));
            var tracking = tracking(input.path("trackingInfo"));
            var fulfillment = new Fulfillment("gid://shopify/Fulfillment/" + IDS.incrementAndGet(),
                    lines.stream().map(l -> Map.<String, Object>of("lineItemId", l.get("lineItemId"),
                            "quantity", l.get("quantity"))).toList(), tracking, new ArrayList<>(),
                    input.path("notifyCustomer").asBoolean(false), Instant.now());
            target.fulfillments.add(fulfillment);
            return result("fulfillment", Map.of("id", fulfillment.id(), "status", "SUCCESS"), List.of());
        }
    }

    Object trackingUpdate(String fulfillmentId, JsonNode trackingInput) {
        for (Order order : orders.values()) {
            synchronized (order) {
                for (int i = 0; i < order.fulfillments.size(); i++) {
                    Fulfillment f = order.fulfillments.get(i);
                    if (f.id().equals(fulfillmentId)) {
                        order.fulfillments.set(i, new Fulfillment(f.id(), f.lineItems(), tracking(trackingInput),
                                f.events(), f.notifyCustomer(), f.createdAt()));
                        return result("fulfillment", Map.of("id", f.id()), List.of());
                    }
                }
            }
        }
        return result("fulfillment", null, List.of(Map.of("field", List.of("fulfillmentId"),
                "message", "Fulfillment does not exist.")));
    }

    Object eventCreate(JsonNode input) {
        String fulfillmentId = input.path("fulfillmentId").asString("");
        for (Order order : orders.values()) {
            synchronized (order) {
                for (Fulfillment f : order.fulfillments) {
                    if (f.id().equals(fulfillmentId)) {
                        f.events().add(input.path("status").asString(""));
                        return result("fulfillmentEvent", Map.of("id", "gid://shopify/FulfillmentEvent/"
                                + IDS.incrementAndGet(), "status", input.path("status").asString("")), List.of());
                    }
                }
            }
        }
        return result("fulfillmentEvent", null, List.of(Map.of("field", List.of("fulfillmentEvent", "fulfillmentId"),
                "message", "Fulfillment does not exist.")));
    }

    Object cancel(String gid, boolean refund) {
        Order order = orderOf(gid);
        synchronized (order) {
            if (order.cancelledAt == null) {
                order.cancelledAt = Instant.now();
                order.cancelRefunded = refund;
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("job", Map.of("id", "gid://shopify/Job/" + UUID.randomUUID()));
        result.put("orderCancelUserErrors", List.of());
        return result;
    }

    Object refundCreate(JsonNode input) {
        Order order = orderOf(input.path("orderId").asString(null));
        if (order == null) {
            return result("refund", null, List.of(Map.of("field", List.of("orderId"), "message", "Order does not exist")));
        }
        synchronized (order) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (JsonNode item : input.path("refundLineItems")) {
                String lineGid = item.path("lineItemId").asString("");
                long lineId = Long.parseLong(lineGid.substring(lineGid.lastIndexOf('/') + 1));
                int quantity = item.path("quantity").asInt(0);
                order.remaining.computeIfPresent(lineId, (id, left) -> Math.max(0, left - quantity));
                items.add(Map.of("lineItemId", lineGid, "quantity", quantity,
                        "restockType", item.path("restockType").asString("NO_RESTOCK")));
            }
            Map<String, Object> refund = new LinkedHashMap<>();
            refund.put("id", "gid://shopify/Refund/" + IDS.incrementAndGet());
            refund.put("note", input.path("note").asString(null));
            refund.put("refundLineItems", items);
            refund.put("transactions", Json.MAPPER.convertValue(input.path("transactions"), List.class));
            order.refunds.add(refund);
            return result("refund", Map.of("id", refund.get("id")), List.of());
        }
    }

    Object variantsBySku(String sku) {
        String item = inventoryItemOfSku.get(sku);
        List<Map<String, Object>> nodes = item == null ? List.of() : List.of(Map.of("id",
                ShopifyIds.VARIANT + Math.abs(sku.hashCode()), "sku", sku, "inventoryItem", Map.of("id", item)));
        return Map.of("nodes", nodes, "edges", nodes.stream().map(n -> Map.of("node", n)).toList(),
                "pageInfo", Map.of("hasNextPage", false));
    }

    Object setQuantities(JsonNode input) {
        List<Map<String, Object>> errors = new ArrayList<>();
        int index = 0;
        for (JsonNode quantity : input.path("quantities")) {
            String item = quantity.path("inventoryItemId").asString("");
            if (!inventoryItemOfSku.containsValue(item)) {
                errors.add(Map.of("field", List.of("input", "quantities", Integer.toString(index), "inventoryItemId"),
                        "message", "The specified inventory item could not be found.", "code", "INVALID_INVENTORY_ITEM"));
            }
            index++;
        }
        if (!errors.isEmpty()) {
            return result("inventoryAdjustmentGroup", null, errors);
        }
        Instant now = Instant.now();
        for (JsonNode quantity : input.path("quantities")) {
            String key = quantity.path("inventoryItemId").asString("") + "@" + quantity.path("locationId").asString("");
            available.put(key, quantity.path("quantity").asInt());
            availableUpdatedAt.put(key, now);
        }
        inventoryWrites.incrementAndGet();
        return result("inventoryAdjustmentGroup", Map.of("id", "gid://shopify/InventoryAdjustmentGroup/"
                + IDS.incrementAndGet()), List.of());
    }

    private static Map<String, Object> tracking(JsonNode input) {
        if (input == null || !input.isObject()) {
            return null;
        }
        Map<String, Object> tracking = new LinkedHashMap<>();
        tracking.put("company", input.path("company").asString(null));
        tracking.put("number", input.path("number").asString(null));
        tracking.put("url", input.path("url").asString(null));
        return tracking;
    }

    private static Map<String, Object> result(String field, Object value, List<Map<String, Object>> errors) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(field, value);
        result.put("userErrors", errors);
        return result;
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
