package io.orderflow.infra.connector.shopify;

import io.micrometer.observation.ObservationRegistry;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shopify stores through the GraphQL Admin API (DESIGN §7): {@code POST {base}/admin/api/{version}/graphql.json} with
 * {@code X-Shopify-Access-Token}. Shopify has no idempotency key, so a create is always preceded by a lookup of our
 * allocation tag: a create that timed out after the shop made the order is found, not made twice. The cost-based
 * limit is honoured through {@link ShopifyRateLimits}; a THROTTLED answer or a 429 is waited out and tried again a
 * few times here (the protocol asks for it), everything else is classified and left to the dispatcher's retries.
 */
@Component
public class ShopifyClient implements SupplierClient {

    public static final String TYPE = "SHOPIFY";
    /** Our allocation tag on the shop's order: {@code alloc-<allocation id>}. */
    public static final String TAG_PREFIX = "alloc-";
    /** The line item property carrying our order line id, so fulfillments name our lines. */
    public static final String LINE_PROPERTY = "_orderflow_line";

    private static final Logger log = LoggerFactory.getLogger(ShopifyClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_THROTTLED_TRIES = 6;
    // what each operation asks of the bucket before Shopify says what it really cost
    private static final double LOOKUP_COST = 5;
    private static final double MUTATION_COST = 10;
    private static final double READ_COST = 20;

    static final String FIND_BY_TAG = """
            query FindOrderByTag($query: String!) {
              orders(first: 2, query: $query) { edges { node { id name tags cancelledAt } } }
            }""";
    static final String CREATE = """
            mutation CreateOrder($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
              orderCreate(order: $order, options: $options) {
                order { id name }
                userErrors { field message }
              }
            }""";
    static final String CANCEL = """
            mutation CancelOrder($orderId: ID!, $reason: OrderCancelReason!, $refund: Boolean!, $restock: Boolean!,
                                 $notifyCustomer: Boolean) {
              orderCancel(orderId: $orderId, reason: $reason, refund: $refund, restock: $restock,
                          notifyCustomer: $notifyCustomer) {
                job { id }
                orderCancelUserErrors { field message code }
              }
            }""";
    static final String FULFILLMENTS = """
            query OrderFulfillments($id: ID!) {
              order(id: $id) {
                id cancelledAt displayFulfillmentStatus
                fulfillments(first: 20) {
                  id status createdAt
                  trackingInfo { company number url }
                  events(first: 20) { edges { node { status happenedAt } } }
                }
              }
            }""";
    static final String INVENTORY = """
            query InventoryLevels($first: Int!, $after: String) {
              productVariants(first: $first, after: $after) {
                edges { node { id sku inventoryItem { id inventoryLevels(first: 50) { edges { node {
                  location { id } quantities(names: ["available"]) { name quantity } updatedAt } } } } } }
                pageInfo { hasNextPage endCursor }
              }
            }""";

    static final String INVENTORY_ITEM_SKU = """
            query InventoryItemSku($id: ID!) {
              inventoryItem(id: $id) { id sku }
            }""";
    static final String INVENTORY_ITEM = "gid://shopify/InventoryItem/";
    static final String ORDER_TAGS = """
            query OrderTags($id: ID!) {
              order(id: $id) { id tags }
            }""";

    private final RestClient http;
    private final ShopifyRateLimits limits;
    private final String defaultVersion;
    private final Duration searchSettle;
    /** Allocations whose create may have reached the shop without us hearing back, since when (nanoTime). */
    private final Map<String, Long> uncertainCreates = new ConcurrentHashMap<>();

    ShopifyClient(ShopifyRateLimits limits, String defaultVersion, Duration readTimeout, Duration searchSettle) {
        this(limits, defaultVersion, readTimeout, searchSettle, ObservationRegistry.NOOP);
    }

    /** Observed, so that each call is a span of the submission's trace and carries its traceparent. */
    @Autowired
    ShopifyClient(ShopifyRateLimits limits, @Value("${orderflow.shopify.api-version:2025-10}") String defaultVersion,
                  @Value("${orderflow.shopify.read-timeout:PT10S}") Duration readTimeout,
                  @Value("${orderflow.shopify.search-settle:PT2S}") Duration searchSettle,
                  ObservationRegistry observations) {
        this.limits = limits;
        this.defaultVersion = defaultVersion;
        this.searchSettle = searchSettle;
        var jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
                .build();
        var factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(readTimeout);
        this.http = RestClient.builder().requestFactory(factory).observationRegistry(observations).build();
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean acceptsOnCreation() {
        return true;
    }

    /**
     * Shopify's order search is indexed a moment after the order is made, so the lookup after a create whose answer
     * was lost first lets {@code orderflow.shopify.search-settle} pass since that create (after a restart, far more
     * than that has passed anyway).
     */
    @Override
    public String submit(SupplierConnection shop, SupplierOrder order, String correlationId) {
        settleAfterUncertainCreate(order.allocationId());
        var existing = findByTag(shop, order.allocationId(), correlationId);
        if (existing.isPresent()) {
            uncertainCreates.remove(order.allocationId());
            log.info("allocation {} already has order {} at {}", order.allocationId(), existing.get(), shopOf(shop));
            return existing.get();
        }
        long now = System.nanoTime();
        uncertainCreates.values().removeIf(since -> now - since > Duration.ofHours(1).toNanos());
        uncertainCreates.put(order.allocationId(), now);
        JsonNode data;
        try {
            data = call(shop, CREATE, Map.of("order", orderInput(order), "options",
                    Map.of("sendReceipt", false, "sendFulfillmentReceipt", false)), MUTATION_COST, correlationId);
        } catch (SupplierCallException answered) {
            if (!answered.isTransient()) {
                // the shop answered and refused: nothing was made
                uncertainCreates.remove(order.allocationId());
            }
            throw answered;
        }
        uncertainCreates.remove(order.allocationId());
        var result = data.path("orderCreate");
        failOnUserErrors(shop, result.path("userErrors"), "orderCreate");
        var id = result.path("order").path("id").asString(null);
        if (id == null || id.isBlank()) {
            throw new SupplierCallException("shop " + shopOf(shop) + " created no order for " + order.allocationId(),
                    false);
        }
        return id;
    }

    private void settleAfterUncertainCreate(String allocationId) {
        var since = uncertainCreates.get(allocationId);
        if (since == null) {
            return;
        }
        long wait = since + searchSettle.toNanos() - System.nanoTime();
        if (wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted before looking up allocation " + allocationId, e);
            }
        }
    }

    /** The shop's order carrying our allocation tag, if one exists (and was not cancelled). */
    public Optional<String> findByTag(SupplierConnection shop, String allocationId, String correlationId) {
        var data = call(shop, FIND_BY_TAG, Map.of("query", "tag:'" + tag(allocationId) + "'"), LOOKUP_COST,
                correlationId);
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

    @Override
    public CancelAnswer cancel(SupplierConnection shop, String allocationId, String supplierOrderRef,
                               String correlationId) {
        String orderId = supplierOrderRef != null ? supplierOrderRef
                : findByTag(shop, allocationId, correlationId).orElse(null);
        if (orderId == null) {
            return CancelAnswer.NOT_FOUND;
        }
        var variables = new LinkedHashMap<String, Object>();
        variables.put("orderId", orderId);
        variables.put("reason", "OTHER");
        variables.put("refund", false);
        variables.put("restock", true);
        variables.put("notifyCustomer", false);
        var result = call(shop, CANCEL, variables, MUTATION_COST, correlationId).path("orderCancel");
        var errors = result.path("orderCancelUserErrors");
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

    public record Fulfillment(String id, String status, String carrier, String trackingNumber, String trackingUrl,
                              List<String> events) {
    }

    /** The order's fulfillments, tracking and events, as the shop holds them (reconciliation and debugging). */
    public List<Fulfillment> fulfillments(SupplierConnection shop, String orderId, String correlationId) {
        var order = call(shop, FULFILLMENTS, Map.of("id", orderId), READ_COST, correlationId).path("order");
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

    /** One available quantity at one location of one variant, as {@code quantities(names: ["available"])} says. */
    public record InventoryLevel(String variantId, String sku, String inventoryItemId, String locationId,
                                 int available, String updatedAt) {
    }

    /** Every variant's available quantity per location, page by page. */
    public List<InventoryLevel> inventoryLevels(SupplierConnection shop, String correlationId) {
        var levels = new ArrayList<InventoryLevel>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            var variables = new LinkedHashMap<String, Object>();
            variables.put("first", 100);
            variables.put("after", after);
            var variants = call(shop, INVENTORY, variables, READ_COST, correlationId).path("productVariants");
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
            var pageInfo = variants.path("pageInfo");
            if (!pageInfo.path("hasNextPage").asBoolean(false)) {
                break;
            }
            after = pageInfo.path("endCursor").asString(null);
        }
        return levels;
    }

    /** The SKU of one inventory item, if the shop has it. */
    public Optional<String> inventoryItemSku(SupplierConnection shop, String inventoryItemId, String correlationId) {
        var item = call(shop, INVENTORY_ITEM_SKU, Map.of("id", inventoryItemId), LOOKUP_COST, correlationId)
                .path("inventoryItem");
        return Optional.ofNullable(item.path("sku").asString(null)).filter(sku -> !sku.isBlank());
    }

    /** Our allocation id from the tag of a shop's order, if the order exists and carries one. */
    public Optional<String> allocationOfOrder(SupplierConnection shop, String orderId, String correlationId) {
        var order = call(shop, ORDER_TAGS, Map.of("id", orderId), LOOKUP_COST, correlationId).path("order");
        for (var t : order.path("tags")) {
            var tag = t.asString("");
            if (tag.startsWith(TAG_PREFIX) && tag.length() > TAG_PREFIX.length()) {
                return Optional.of(tag.substring(TAG_PREFIX.length()));
            }
        }
        return Optional.empty();
    }

    public static String tag(String allocationId) {
        return TAG_PREFIX + allocationId;
    }

    /** {@code gid://shopify/Location/123} → {@code 123}; anything else as it is. */
    public static String numericId(String gid) {
        int slash = gid.lastIndexOf('/');
        return gid.startsWith("gid://") && slash >= 0 ? gid.substring(slash + 1) : gid;
    }

    private static Map<String, Object> orderInput(SupplierOrder order) {
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
            item.put("properties", List.of(Map.of("name", LINE_PROPERTY, "value", line.lineId())));
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

    private static void failOnUserErrors(SupplierConnection shop, JsonNode errors, String operation) {
        if (errors.isArray() && !errors.isEmpty()) {
            // userErrors are the shop refusing this input: repeating it cannot help
            throw new SupplierCallException("shop " + shopOf(shop) + " refused " + operation + ": "
                    + errors.get(0).path("message").asString(""), false);
        }
    }

    /** The shop a connection names: its domain, else its supplier id (the rate-limit and log key). */
    public static String shopOf(SupplierConnection shop) {
        return shop.shopDomain() != null && !shop.shopDomain().isBlank() ? shop.shopDomain() : shop.supplierId();
    }

    URI endpoint(SupplierConnection shop) {
        var base = shop.baseUrl() != null ? shop.baseUrl().toString() : "https://" + shop.shopDomain();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        var version = shop.apiVersion() != null && !shop.apiVersion().isBlank() ? shop.apiVersion() : defaultVersion;
        return URI.create(base + "/admin/api/" + version + "/graphql.json");
    }

    private record Answer(int status, HttpHeaders headers, JsonNode body) {
    }

    /** One GraphQL request, waiting out the shop's rate limit; answers {@code data} or throws classified. */
    JsonNode call(SupplierConnection shop, String query, Map<String, Object> variables, double cost,
                  String correlationId) {
        var key = shopOf(shop);
        var request = new LinkedHashMap<String, Object>();
        request.put("query", query);
        request.put("variables", variables);
        byte[] body = JSON.writeValueAsBytes(request);
        double need = cost;
        for (int attempt = 1; ; attempt++) {
            limits.acquire(key, need);
            Answer answer = http.post()
                    .uri(endpoint(shop))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .header("X-Shopify-Access-Token", shop.apiSecret() == null ? "" : shop.apiSecret())
                    .header("X-Correlation-Id", correlationId == null ? "" : correlationId)
                    .body(body)
                    .exchange((req, response) -> {
                        JsonNode json;
                        try {
                            json = JSON.readTree(response.getBody());
                        } catch (JacksonException notJson) {
                            json = null;
                        }
                        return new Answer(response.getStatusCode().value(), response.getHeaders(), json);
                    });
            if (answer.status() == 429) {
                limits.retryAfter(key, retryAfter(answer.headers()));
                if (attempt < MAX_THROTTLED_TRIES) {
                    continue;
                }
                throw new SupplierCallException("shop " + key + " kept answering 429", true);
            }
            if (answer.status() >= 500 || answer.status() == 408) {
                throw new SupplierCallException("shop " + key + " answered " + answer.status(), true);
            }
            if (answer.status() < 200 || answer.status() >= 300) {
                throw new SupplierCallException("shop " + key + " answered " + answer.status(), false);
            }
            if (answer.body() == null || !answer.body().isObject()) {
                throw new SupplierCallException("shop " + key + " answered with no JSON object", true);
            }
            var spent = answer.body().path("extensions").path("cost");
            var throttle = spent.path("throttleStatus");
            if (throttle.isObject()) {
                limits.reported(key, throttle.path("currentlyAvailable").asDouble(),
                        throttle.path("maximumAvailable").asDouble(), throttle.path("restoreRate").asDouble());
            }
            var errors = answer.body().path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                var code = errors.get(0).path("extensions").path("code").asString("");
                if (code.equals("THROTTLED")) {
                    // the next acquire waits until the requested cost has been restored
                    need = spent.path("requestedQueryCost").asDouble(need);
                    if (attempt < MAX_THROTTLED_TRIES) {
                        continue;
                    }
                    throw new SupplierCallException("shop " + key + " kept throttling", true);
                }
                boolean transientFailure = code.equals("INTERNAL_SERVER_ERROR") || code.equals("SERVICE_UNAVAILABLE");
                throw new SupplierCallException("shop " + key + " answered a GraphQL error "
                        + (code.isEmpty() ? "" : code + " ") + errors.get(0).path("message").asString(""),
                        transientFailure);
            }
            return answer.body().path("data");
        }
    }

    static Duration retryAfter(HttpHeaders headers) {
        var value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        try {
            double seconds = value == null ? 1 : Double.parseDouble(value.trim());
            return Duration.ofMillis((long) (Math.min(Math.max(seconds, 0), 60) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
