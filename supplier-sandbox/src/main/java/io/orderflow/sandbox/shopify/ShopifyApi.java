package io.orderflow.sandbox.shopify;

import io.orderflow.sandbox.orders.ShopifyIds;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.orderflow.sandbox.suppliers.BehaviourProfile;
import io.orderflow.sandbox.http.Exchanges;
import io.orderflow.sandbox.http.Json;
import io.orderflow.sandbox.http.Problem;
import io.orderflow.sandbox.orders.NewOrder;
import io.orderflow.sandbox.orders.OrderDetails;
import io.orderflow.sandbox.orders.OrderSummary;
import io.orderflow.sandbox.orders.SupplierOrders;
import io.orderflow.sandbox.stock.StockLevels;
import io.orderflow.sandbox.suppliers.SupplierRegistry;
import io.orderflow.sandbox.suppliers.SupplierRuntime;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
  * The Shopify GraphQL Admin API subset orderflow uses, under {@code /shopify/{supplierId}/admin/api/{version}/graphql.json}
  * (the simulated shop's base URL is {@code /shopify/{supplierId}}): {@code orders(query: "tag:..")}, {@code orderCreate},
  * {@code orderCancel}, {@code order(id:)} with fulfillments, and {@code productVariants} with inventory levels; for a
  * shop playing a retailer's own store ({@link RetailerStore}) also its orders' fulfillment orders, the fulfillment,
  * refund and inventory mutations, and variants by SKU. It reads
  * the operation from the query's first root field and its arguments from {@code variables} only; that is what a
  * client with typed variables sends. Every answer reports its cost and the shop's bucket in
  * {@code extensions.cost}; a query that does not fit the bucket is THROTTLED, as on Shopify.
  */
public final class ShopifyApi implements HttpHandler {

    public static final String CONTEXT = "/shopify/";

    private static final Pattern ENDPOINT = Pattern.compile("admin/api/[0-9]{4}-[0-9]{2}|admin/api/unstable");
    private static final Pattern ROOT_FIELD = Pattern.compile("\\{\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern TAG_QUERY = Pattern.compile("tag:\\s*'?\"?([^'\"\\s]+)'?\"?");
    private static final Duration HANG = Duration.ofMinutes(2);
    private static final Map<String, Integer> COSTS = Map.ofEntries(
            Map.entry("orders", 5), Map.entry("orderCreate", 10), Map.entry("orderCancel", 10), Map.entry("order", 10),
            Map.entry("productVariants", 30), Map.entry("inventoryItem", 5),
            // a retailer's store: fulfillments, refunds and inventory written back by orderflow
            Map.entry("fulfillmentCreate", 10), Map.entry("fulfillmentTrackingInfoUpdate", 10),
            Map.entry("fulfillmentEventCreate", 10), Map.entry("refundCreate", 10),
            Map.entry("inventorySetQuantities", 10));

    private final SupplierRegistry suppliers;
    private final SupplierOrders orders;
    private final StockLevels stock;
    private final Runnable onOrderPlaced;
    private final RetailerStores stores;

    public ShopifyApi(SupplierRegistry suppliers, SupplierOrders orders, StockLevels stock, Runnable onOrderPlaced,
            RetailerStores stores) {
        this.suppliers = suppliers;
        this.orders = orders;
        this.stock = stock;
        this.onOrderPlaced = onOrderPlaced;
        this.stores = stores;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        List<String> path = Exchanges.segments(exchange);
        if (path.isEmpty()) {
            throw Problem.notFound("no shop in path");
        }
        SupplierRuntime shop = suppliers.require(path.getFirst());
        String rest = String.join("/", path.subList(1, path.size()));
        if (!shop.shopify() || !rest.endsWith("/graphql.json")
                || !ENDPOINT.matcher(rest.substring(0, rest.length() - "/graphql.json".length())).matches()) {
            throw Problem.notFound("no Shopify endpoint " + exchange.getRequestURI().getPath());
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            throw new Problem(405, "Method Not Allowed", "GraphQL requests are POSTed");
        }
        byte[] body = Exchanges.body(exchange);
        String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
        if (token == null || !MessageDigest.isEqual(token.getBytes(UTF_8), shop.apiSecret().getBytes(UTF_8))) {
            Exchanges.json(exchange, 401, Map.of("errors", "[API] Invalid API key or access token (unrecognized login or wrong password)"));
            return;
        }
        OptionalInt failure = shop.takeFailure();
        if (failure.isPresent()) {
            int status = failure.getAsInt();
            if (status == 429) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(shop.retryAfterSeconds()));
                Exchanges.json(exchange, 429, Map.of("errors", "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."));
            } else {
                Exchanges.json(exchange, status, Map.of("errors", "Internal error (simulated by the sandbox)"));
            }
            return;
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            Exchanges.json(exchange, 400, Map.of("errors", "Invalid JSON body"));
            return;
        }
        String query = request.path("query").asString("");
        JsonNode variables = request.path("variables");
        Matcher root = ROOT_FIELD.matcher(query);
        if (!root.find() || !COSTS.containsKey(root.group(1))) {
            Exchanges.json(exchange, 200, Map.of("errors", List.of(Map.of("message",
                    "the sandbox does not know this operation", "extensions", Map.of("code", "UNSUPPORTED")))));
            return;
        }
        String operation = root.group(1);
        var fault = shop.takeFault(operation);
        if (fault.isPresent()) {
            switch (fault.get().kind()) {
                case SLOW -> pause(Duration.ofMillis(fault.get().millis()));
                case HANG -> {
                    pause(fault.get().millis() > 0 ? Duration.ofMillis(fault.get().millis()) : HANG);
                    exchange.close();
                    return;
                }
                case DROP -> {
                    // the shop does the work, but the caller never hears of it
                    answer(shop, operation, variables);
                    exchange.close();
                    return;
                }
            }
        }
        int cost = COSTS.get(operation);
        Map<String, Object> envelope = new LinkedHashMap<>();
        if (!shop.bucket().take(cost)) {
            envelope.put("errors", List.of(Map.of("message", "Throttled", "extensions",
                    Map.of("code", "THROTTLED", "documentation", "https://shopify.dev/api/usage/rate-limits"))));
            envelope.put("extensions", Map.of("cost", cost(cost, null, shop)));
        } else {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put(operation, answer(shop, operation, variables));
            envelope.put("data", data);
            envelope.put("extensions", Map.of("cost", cost(cost, cost, shop)));
        }
        Exchanges.json(exchange, 200, envelope);
    }

    private static Map<String, Object> cost(int requested, Integer actual, SupplierRuntime shop) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("requestedQueryCost", requested);
        cost.put("actualQueryCost", actual);
        cost.put("throttleStatus", shop.bucket().status());
        return cost;
    }

    private Object answer(SupplierRuntime shop, String operation, JsonNode variables) {
        RetailerStore store = stores.existing(shop);
        if (store != null) {
            switch (operation) {
                case "order" -> {
                    if (store.hasOrder(variables.path("id").asString(null))) {
                        return store.orderQuery(variables.path("id").asString(null));
                    }
                }
                case "orderCancel" -> {
                    if (store.hasOrder(variables.path("orderId").asString(null))) {
                        return store.cancel(variables.path("orderId").asString(null),
                                variables.path("refund").asBoolean(false));
                    }
                }
                case "productVariants" -> {
                    String search = variables.path("query").asString("");
                    if (search.startsWith("sku:")) {
                        return store.variantsBySku(search.substring(4).replace("\"", "").replace("'", "").strip());
                    }
                }
                default -> {
                }
            }
        }
        return switch (operation) {
            case "fulfillmentCreate" -> stores.of(shop).fulfillmentCreate(variables.path("fulfillment"));
            case "fulfillmentTrackingInfoUpdate" -> stores.of(shop).trackingUpdate(
                    variables.path("fulfillmentId").asString(""), variables.path("trackingInfoInput"));
            case "fulfillmentEventCreate" -> stores.of(shop).eventCreate(variables.path("fulfillmentEvent"));
            case "refundCreate" -> stores.of(shop).refundCreate(variables.path("input"));
            case "inventorySetQuantities" -> stores.of(shop).setQuantities(variables.path("input"));
            default -> supplierAnswer(shop, operation, variables);
        };
    }

    private Object supplierAnswer(SupplierRuntime shop, String operation, JsonNode variables) {
        return switch (operation) {
            case "orders" -> findOrders(shop, variables.path("query").asString(""));
            case "orderCreate" -> create(shop, variables.path("order"));
            case "orderCancel" -> cancel(shop, variables.path("orderId").asString(null));
            case "order" -> order(shop, variables.path("id").asString(null));
            case "productVariants" -> variants(shop);
            case "inventoryItem" -> inventoryItem(shop, variables.path("id").asString(""));
            default -> throw new IllegalStateException(operation);
        };
    }

    private Map<String, Object> findOrders(SupplierRuntime shop, String search) {
        Matcher tag = TAG_QUERY.matcher(search);
        List<OrderSummary> found = tag.find() ? orders.findByReference(shop.id(), tag.group(1)) : orders.list(shop.id());
        List<Map<String, Object>> edges = new ArrayList<>();
        for (OrderSummary order : found) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", ShopifyIds.ORDER + ShopifyIds.orderNumber(order.id()));
            node.put("name", "#" + ShopifyIds.orderNumber(order.id()));
            node.put("tags", List.of(order.reference()));
            node.put("cancelledAt", order.status().name().equals("CANCELLED") ? order.createdAt().toString() : null);
            edges.add(Map.of("node", node));
        }
        return Map.of("edges", edges);
    }

    private Map<String, Object> create(SupplierRuntime shop, JsonNode input) {
        List<Map<String, Object>> errors = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        input.path("tags").forEach(t -> tags.add(t.asString("")));
        if (tags.isEmpty() || tags.getFirst().isBlank()) {
            // the sandbox keeps one tag per order; orderflow sends exactly one
            errors.add(userError(List.of("order", "tags"), "the sandbox needs a tag on every order"));
        }
        Map<String, String> skuOfVariant = new LinkedHashMap<>();
        stock.list(shop.id()).forEach(level -> skuOfVariant.put(ShopifyIds.variantId(level.supplierSku()), level.supplierSku()));
        List<NewOrder.Line> lines = new ArrayList<>();
        int index = 0;
        // a shop told to price wrong charges 10 % over what it was asked for, so its invoice is wrong
        boolean overcharge = shop.takeInvoiceFault(SupplierRuntime.InvoiceFault.WRONG_PRICE);
        for (JsonNode item : input.path("lineItems")) {
            String variantId = item.path("variantId").asString(null);
            String sku = skuOfVariant.get(variantId);
            int quantity = item.path("quantity").asInt(0);
            if (sku == null) {
                errors.add(userError(List.of("order", "lineItems", Integer.toString(index), "variantId"),
                        "Variant does not exist"));
            } else if (quantity <= 0) {
                errors.add(userError(List.of("order", "lineItems", Integer.toString(index), "quantity"),
                        "Quantity must be greater than 0"));
            }
            String lineReference = "line-" + (index + 1);
            for (JsonNode property : item.path("properties")) {
                if (property.path("name").asString("").equals("_orderflow_line")) {
                    lineReference = property.path("value").asString(lineReference);
                }
            }
            JsonNode price = item.path("priceSet").path("shopMoney");
            BigDecimal unitPrice = null;
            String currency = null;
            if (price.path("amount").isString() && price.path("currencyCode").isString()) {
                try {
                    unitPrice = new BigDecimal(price.path("amount").asString());
                    currency = price.path("currencyCode").asString();
                    if (overcharge) {
                        unitPrice = unitPrice.multiply(new BigDecimal("1.10")).setScale(2, RoundingMode.HALF_UP);
                    }
                } catch (NumberFormatException e) {
                    errors.add(userError(List.of("order", "lineItems", Integer.toString(index), "priceSet"),
                            "Amount is invalid"));
                }
            }
            lines.add(new NewOrder.Line(lineReference, sku, quantity, variantId, unitPrice, currency));
            index++;
        }
        JsonNode address = input.path("shippingAddress");
        String name = (address.path("firstName").asString("") + " " + address.path("lastName").asString("")).trim();
        NewOrder order;
        try {
            order = errors.isEmpty() ? new NewOrder(tags.getFirst(), input.path("note").asString(tags.isEmpty() ? "-" : tags.getFirst()),
                    lines, new NewOrder.ShipTo(name, address.path("address1").asString(null),
                    address.path("address2").asString(null), address.path("city").asString(null),
                    address.path("provinceCode").asString(null), address.path("zip").asString(null),
                    address.path("countryCode").asString(null))) : null;
        } catch (IllegalArgumentException invalid) {
            errors.add(userError(List.of("order"), invalid.getMessage()));
            order = null;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        if (!errors.isEmpty()) {
            result.put("order", null);
            result.put("userErrors", errors);
            return result;
        }
        NewOrder accepted = order;
        // Shopify has no idempotency key: every orderCreate makes an order, which is why orderflow looks up its tag first
        var placed = orders.place(shop.id(), "shopify-" + UUID.randomUUID(), () -> {
            BehaviourProfile profile = shop.profile();
            boolean reject = profile.rejectAll() || shop.takeRejectNext();
            return new SupplierOrders.Intake(accepted, profile, reject);
        }, Instant.now());
        onOrderPlaced.run();
        long number = ShopifyIds.orderNumber(placed.order().id());
        result.put("order", Map.of("id", ShopifyIds.ORDER + number, "name", "#" + number));
        result.put("userErrors", List.of());
        return result;
    }

    private Map<String, Object> cancel(SupplierRuntime shop, String orderGid) {
        String orderId = ShopifyIds.sandboxOrderId(shop.id(), orderGid);
        var outcome = orderId == null ? SupplierOrders.CancelOutcome.NOT_FOUND
                : orders.cancel(shop.id(), orderId, Instant.now()).outcome();
        Map<String, Object> result = new LinkedHashMap<>();
        List<Map<String, Object>> errors = switch (outcome) {
            case CANCELLED -> List.of();
            case TOO_LATE -> List.of(Map.of("field", List.of("orderId"), "code", "INVALID",
                    "message", "Cannot cancel an order that has been fulfilled"));
            case NOT_FOUND -> List.of(Map.of("field", List.of("orderId"), "code", "NOT_FOUND",
                    "message", "Order does not exist"));
        };
        result.put("job", errors.isEmpty() ? Map.of("id", "gid://shopify/Job/" + UUID.randomUUID()) : null);
        result.put("orderCancelUserErrors", errors);
        return result;
    }

    private Object order(SupplierRuntime shop, String orderGid) {
        String orderId = ShopifyIds.sandboxOrderId(shop.id(), orderGid);
        Optional<OrderDetails> found = orderId == null ? Optional.empty() : orders.find(shop.id(), orderId);
        if (found.isEmpty()) {
            return null;
        }
        OrderDetails order = found.get();
        List<Map<String, Object>> fulfillments = new ArrayList<>();
        for (OrderDetails.Fulfillment f : order.fulfillments()) {
            List<Map<String, Object>> events = new ArrayList<>();
            if (f.shippedAt() != null) {
                events.add(Map.of("node", Map.of("status", "IN_TRANSIT", "happenedAt", f.shippedAt().toString())));
            }
            if (f.deliveredAt() != null) {
                events.add(Map.of("node", Map.of("status", "DELIVERED", "happenedAt", f.deliveredAt().toString())));
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", ShopifyIds.FULFILLMENT + ShopifyIds.orderNumber(f.fulfillmentId()));
            node.put("status", f.shippedAt() == null ? "OPEN" : "SUCCESS");
            node.put("trackingInfo", f.trackingNumber() == null ? List.of()
                    : List.of(Map.of("company", f.carrier(), "number", f.trackingNumber(), "url", f.trackingUrl())));
            node.put("events", Map.of("edges", events));
            fulfillments.add(node);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", orderGid);
        result.put("tags", List.of(order.reference()));
        result.put("cancelledAt", order.status().name().equals("CANCELLED") ? Instant.now().toString() : null);
        result.put("displayFulfillmentStatus", order.fulfillments().isEmpty() ? "UNFULFILLED" : "FULFILLED");
        result.put("fulfillments", fulfillments);
        // what the shop charged: the invoice of a Shopify supplier (prices as orderflow set them on creation)
        String currency = order.lines().stream().map(NewOrder.Line::currency).filter(c -> c != null).findFirst()
                .orElse("EUR");
        result.put("name", "#" + ShopifyIds.orderNumber(order.id()));
        result.put("processedAt", order.createdAt().toString());
        result.put("currencyCode", currency);
        result.put("totalShippingPriceSet", moneyBag(new BigDecimal("4.90"), currency));
        result.put("totalTaxSet", moneyBag(BigDecimal.ZERO, currency));
        List<Map<String, Object>> items = new ArrayList<>();
        for (NewOrder.Line line : order.lines()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("sku", line.supplierSku());
            item.put("quantity", line.quantity());
            item.put("originalUnitPriceSet", moneyBag(line.unitPrice() == null ? BigDecimal.ZERO : line.unitPrice(),
                    currency));
            items.add(Map.of("node", item));
        }
        result.put("lineItems", Map.of("edges", items));
        return result;
    }

    private Map<String, Object> variants(SupplierRuntime shop) {
        Map<String, List<Map<String, Object>>> levelsBySku = new LinkedHashMap<>();
        for (StockLevels.Snapshot level : stock.list(shop.id())) {
            levelsBySku.computeIfAbsent(level.supplierSku(), sku -> new ArrayList<>()).add(Map.of("node", Map.of(
                    "location", Map.of("id", ShopifyIds.LOCATION + level.locationId()),
                    "quantities", List.of(Map.of("name", "available", "quantity", level.available())),
                    "updatedAt", level.asOf().toString())));
        }
        List<Map<String, Object>> edges = new ArrayList<>();
        levelsBySku.forEach((sku, levels) -> edges.add(Map.of("node", Map.of(
                "id", ShopifyIds.variantId(sku),
                "sku", sku,
                "inventoryItem", Map.of("id", ShopifyIds.inventoryItemId(sku), "inventoryLevels", Map.of("edges", levels))))));
        return Map.of("edges", edges, "pageInfo", Map.of("hasNextPage", false));
    }

    private Object inventoryItem(SupplierRuntime shop, String id) {
        return stock.list(shop.id()).stream()
                .filter(level -> ShopifyIds.inventoryItemId(level.supplierSku()).equals(id))
                .findFirst()
                .map(level -> Map.of("id", id, "sku", level.supplierSku()))
                .orElse(null);
    }

    private static Map<String, Object> moneyBag(BigDecimal amount, String currency) {
        return Map.of("shopMoney", Map.of("amount", amount.toPlainString(), "currencyCode", currency));
    }

    private static Map<String, Object> userError(List<String> field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
