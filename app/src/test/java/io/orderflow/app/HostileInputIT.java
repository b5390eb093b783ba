package io.orderflow.app;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.infra.kafka.ReactiveKafka;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: whatever value an outsider puts in any field, path segment, query parameter or header of any entry
 * (HTTP API, signed partner and Shopify webhooks, the Kafka stock feed), the answer is never a 5xx, and afterwards
 * the service is healthy: no event was dead-lettered, a new order is delivered, the feed still applies stock.
 * Values are generated from a seed (printed on failure; set {@code -Dhostile.seed=} to replay a run, and
 * {@code -Dhostile.tries=} for more): each request is a valid one with one value replaced by a hostile one.
 */
class HostileInputIT extends AppIntegrationTestBase {

    static final long SEED = Long.getLong("hostile.seed", System.nanoTime());
    static final int TRIES = Integer.getInteger("hostile.tries", 400);

    private WebTestClient hostileClient;
    static final String ADMIN_KEY = "dev-admin-key";
    static final String AUDITOR_KEY = "dev-auditor-key";
    static final String PARTNER = "rotterdam-3pl";
    static final String SHOP = "amsterdam-shop";
    static final String STORE = "retail-store";
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReactiveKafka kafka;
    @Autowired
    io.orderflow.app.demo.DemoSuppliers demo;

    record Request(String name, HttpMethod method, URI uri, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return name + " " + method + " " + uri + " " + (body == null ? "" : new String(body, StandardCharsets.UTF_8)
                    .replaceAll("[\\x00-\\x1f]", "?").substring(0, Math.min(300, body.length)));
        }
    }

    @Test
    void hostileValuesAtEveryEntryAreRefusedWith4xxAndTheServiceStaysHealthy() {
        long deadLettersBefore = deadLetters();
        var random = new Random(SEED);
        String supplier = "hostile-" + Long.toHexString(SEED);
        registerSupplier(supplier);
        connectRetailerStore();
        List<BiFunction<Random, JsonNode, Request>> entries = entries(supplier);

        var serverErrors = new ArrayList<String>();
        for (int i = 0; i < TRIES; i++) {
            var request = entries.get(i % entries.size()).apply(random, hostile(random));
            try {
                int status = send(request);
                if (status >= 500) {
                    serverErrors.add(status + " " + request);
                }
            } catch (RuntimeException noAnswer) {
                serverErrors.add("no answer (" + noAnswer.getMessage() + ") " + request);
            }
        }
        feedHostileStock(random);

        assertThat(serverErrors).as("5xx answers (seed %d)", SEED).isEmpty();

        // healthy afterwards: the processors took everything, orders flow, the feed applies stock
        http().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        String orderId = place(orderBody(unique("after-hostile"), "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString();
        awaitView(orderId, view -> view.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        String sku = unique("AFTER-HOSTILE");
        var position = StockPositionId.of(new SupplierId("berlin-gear"), "berlin", sku);
        kafka.send("orderflow.inventory-levels", "berlin-gear", """
                {"messageId":"%s","supplierId":"berlin-gear","locationId":"berlin","supplierSku":"%s","type":"LEVEL",
                 "available":4,"asOf":"%s"}""".formatted(UUID.randomUUID(), sku, Instant.now())
                .getBytes(StandardCharsets.UTF_8), Map.of()).block(Duration.ofSeconds(10));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?", Long.class, position.value()) > 0);
        assertThat(deadLetters()).as("dead-lettered events (seed %d)", SEED).isEqualTo(deadLettersBefore);
    }

    // ---- the entries, each a valid request with one value made hostile

    List<BiFunction<Random, JsonNode, Request>> entries(String supplier) {
        var list = new ArrayList<BiFunction<Random, JsonNode, Request>>();
        list.add((r, bad) -> json("place", HttpMethod.POST, "/api/v1/orders", STOREFRONT_KEY,
                mutate(r, JSON.readTree(orderBody(unique("hostile"), "DE", Map.of("MUG-LOGO", 1))), bad)));
        list.add((r, bad) -> json("preview", HttpMethod.POST, "/api/v1/routing/preview", STOREFRONT_KEY,
                mutate(r, JSON.readTree(orderBody(unique("hostile"), "DE", Map.of("MUG-LOGO", 1))), bad)));
        list.add((r, bad) -> json("cancel", HttpMethod.POST, "/api/v1/orders/" + UUID.randomUUID() + "/cancellation",
                STOREFRONT_KEY, mutate(r, JSON.readTree("{\"lines\":[{\"lineId\":\"1\",\"quantity\":1}],\"reason\":\"r\"}"), bad)));
        list.add((r, bad) -> get("order", "/api/v1/orders/" + segment(bad) + pick(r, "", "/timeline"), STOREFRONT_KEY));
        list.add((r, bad) -> get("inventory", "/api/v1/inventory?" + pick(r, "sku", "limit", "offset") + "=" + query(bad),
                STOREFRONT_KEY));
        list.add((r, bad) -> json("supplier", HttpMethod.PUT, "/api/v1/suppliers/" + supplier + "-" + r.nextInt(1000),
                ADMIN_KEY, mutate(r, supplierBody(), bad)));
        // prefixed: the admin key may change its own suppliers, and a hostile "berlin-gear" would be a valid update
        list.add((r, bad) -> json("supplier-id", HttpMethod.PUT, "/api/v1/suppliers/" + supplier + "-" + segment(bad),
                ADMIN_KEY, supplierBody()));
        list.add((r, bad) -> json("catalog", HttpMethod.PUT, "/api/v1/suppliers/" + supplier + "/catalog", ADMIN_KEY,
                mutate(r, JSON.readTree("""
                        {"items":[{"sku":"HOSTILE-SKU","supplierSku":"H-1","variantId":"v1","unitsPerItem":1,
                                   "unitCost":1.5,"currency":"EUR"}]}"""), bad)));
        list.add((r, bad) -> json("stock", HttpMethod.POST, "/api/v1/suppliers/" + supplier + "/stock", ADMIN_KEY,
                mutate(r, JSON.readTree("""
                        {"levels":[{"supplierSku":"H-1","locationId":"main","available":3,"asOf":"%s"}]}"""
                        .formatted(Instant.now())), bad)));
        list.add((r, bad) -> get("audit", pick(r, "/api/v1/audit/orders/" + segment(bad) + "/events",
                "/api/v1/audit/orders/" + UUID.randomUUID() + "/state?asOf=" + query(bad),
                "/api/v1/audit/events?limit=1&after=" + query(bad)), AUDITOR_KEY));
        list.add((r, bad) -> json("replay", HttpMethod.POST, "/api/v1/audit/replays", PLATFORM_KEY,
                mutate(r, JSON.readTree("{\"readModel\":\"order-view\"}"), bad)));
        list.add((r, bad) -> get("exceptions", "/api/v1/exceptions?" + pick(r, "limit", "offset", "status", "supplierId")
                + "=" + query(bad), ADMIN_KEY));
        list.add((r, bad) -> get("dead-letters", "/api/v1/admin/dead-letters/" + pick(r, "order-view", segment(bad))
                + "/" + segment(bad), ADMIN_KEY));
        list.add((r, bad) -> get("tracking", pick(r, "/track/", "/api/v1/tracking/") + segment(bad), null));
        // issue 12: order search, the supplier list and the operators' actions
        list.add((r, bad) -> get("search", "/api/v1/orders?" + pick(r, "status", "supplierId", "sku", "placedFrom",
                "placedTo", "atRisk", "limit", "cursor") + "=" + query(bad), STOREFRONT_KEY));
        list.add((r, bad) -> json("intervention", HttpMethod.POST, "/api/v1/orders/" + UUID.randomUUID() + "/"
                + pick(r, "hold-release", "backorder-retry", "backorder-cancellation"), ADMIN_KEY,
                mutate(r, JSON.readTree("{\"reason\":\"r\"}"), bad)));
        list.add((r, bad) -> json("manual-allocation", HttpMethod.POST, "/api/v1/orders/" + segment(bad)
                + "/manual-allocation", ADMIN_KEY, mutate(r, JSON.readTree("""
                        {"supplierId":"berlin-gear","locationId":"berlin","lines":[{"lineId":"1"}],"reason":"r"}"""),
                bad)));
        list.add((r, bad) -> {
            var request = json("headers", HttpMethod.POST, "/api/v1/orders", STOREFRONT_KEY,
                    JSON.readTree(orderBody(unique("hostile"), "DE", Map.of("MUG-LOGO", 1))));
            request.headers().put(pick(r, "Idempotency-Key", "X-Correlation-Id", "traceparent"), header(bad));
            return request;
        });
        list.add((r, bad) -> raw(r));
        list.add(this::partnerWebhook);
        list.add(this::shopifyWebhook);
        list.add(this::retailerStoreWebhook);
        return list;
    }

    /** The retailer's own store: orders/create (a valid order, one value hostile) and orders/cancelled. */
    Request retailerStoreWebhook(Random r, JsonNode bad) {
        var payload = (ObjectNode) JSON.readTree("""
                {"id":%d,"currency":"EUR","email":"h@example.org","created_at":"%s","cancel_reason":"customer",
                 "line_items":[{"id":%d,"sku":"MUG-LOGO","quantity":1,"price":"9.90","title":"Mug"}],
                 "customer":{"first_name":"H","last_name":"Ostile","email_marketing_consent":{"state":"subscribed"}},
                 "shipping_address":{"first_name":"H","last_name":"Ostile","address1":"Hauptstraße 1",
                   "city":"Berlin","zip":"10115","country_code":"DE","latitude":52.5,"longitude":13.4}}"""
                .formatted(9_000_000_000L + r.nextInt(1_000_000_000), Instant.now(), r.nextInt(1_000_000)));
        byte[] body = JSON.writeValueAsBytes(mutate(r, payload, bad));
        var headers = new java.util.HashMap<String, String>();
        headers.put("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac("sandbox-webhook-" + STORE, body)));
        headers.put("X-Shopify-Topic", pick(r, "orders/create", "orders/cancelled"));
        headers.put("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
        headers.put("X-Shopify-Shop-Domain", STORE + ".myshopify.com");
        return new Request("retailer-store-webhook", HttpMethod.POST,
                URI.create("/webhooks/shopify-store/demo-retailer"), headers, body);
    }

    private void connectRetailerStore() {
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"%s.myshopify.com","baseUrl":"%s","accessToken":"sandbox-api-%s",
                         "webhookSecrets":["sandbox-webhook-%s"],"locationId":"gid://shopify/Location/1"}"""
                        .formatted(STORE, demo.sandbox().shopifyBaseUrl(STORE), STORE, STORE))
                .exchange().expectStatus().isOk();
    }

    Request partnerWebhook(Random r, JsonNode bad) {
        var event = (ObjectNode) JSON.readTree("""
                {"eventId":"%s","type":"order.accepted","occurredAt":"%s",
                 "data":{"orderId":"hostile-%s","reference":"hostile-alloc-%s","status":"IN_TRANSIT"}}"""
                .formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), UUID.randomUUID()));
        byte[] body = JSON.writeValueAsBytes(mutate(r, event, bad));
        long t = Instant.now().getEpochSecond();
        byte[] signed = (t + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, message, 0, signed.length);
        System.arraycopy(body, 0, message, signed.length, body.length);
        var headers = new java.util.HashMap<String, String>();
        headers.put("X-Orderflow-Signature", "t=" + t + ",v1=" + HexFormat.of().formatHex(
                hmac("sandbox-webhook-" + PARTNER, message)));
        return new Request("partner-webhook", HttpMethod.POST, URI.create("/webhooks/partner/" + PARTNER), headers, body);
    }

    Request shopifyWebhook(Random r, JsonNode bad) {
        var payload = (ObjectNode) JSON.readTree("""
                {"id":%d,"order_id":%d,"inventory_item_id":%d,"available":3,"location_id":1,
                 "updated_at":"%s","status":"success","tracking_number":"T1","note":"line one\\nline two"}"""
                .formatted(r.nextInt(1_000_000), r.nextInt(1_000_000), r.nextInt(1_000_000), Instant.now()));
        byte[] body = JSON.writeValueAsBytes(mutate(r, payload, bad));
        var headers = new java.util.HashMap<String, String>();
        headers.put("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(hmac("sandbox-webhook-" + SHOP, body)));
        headers.put("X-Shopify-Topic", pick(r, "orders/cancelled", "orders/updated", "fulfillments/create",
                "fulfillments/update", "fulfillment_events/create", "inventory_levels/update"));
        headers.put("X-Shopify-Webhook-Id", UUID.randomUUID().toString());
        headers.put("X-Shopify-Shop-Domain", SHOP + ".myshopify.com");
        return new Request("shopify-webhook", HttpMethod.POST, URI.create("/webhooks/shopify/" + SHOP), headers, body);
    }

    /** Bodies that are not JSON of any shape: cut short, invalid UTF-8, NUL bytes, nested beyond any limit. */
    Request raw(Random r) {
        byte[] body = switch (r.nextInt(5)) {
            case 0 -> "{\"externalOrderId\":\"x\",\"lines\":[".getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case 2 -> new byte[64];
            case 3 -> ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
            default -> ("{\"a\":" + "1".repeat(20_000) + "}").getBytes(StandardCharsets.UTF_8);
        };
        String path = pick(r, "/api/v1/orders", "/api/v1/routing/preview", "/api/v1/audit/replays");
        return new Request("raw", HttpMethod.POST, URI.create(path), new java.util.HashMap<>(Map.of(
                "X-Api-Key", path.contains("audit") ? PLATFORM_KEY : STOREFRONT_KEY,
                "Idempotency-Key", UUID.randomUUID().toString(), "Content-Type", "application/json")), body);
    }

    // ---- hostile values

    static JsonNode hostile(Random r) {
        return switch (r.nextInt(8)) {
            case 0, 1, 2 -> NODES.stringNode(hostileText(r));
            case 3 -> NODES.numberNode(new java.math.BigDecimal(pick(r, "0", "-1", "2.5", "1e400", "-1e400",
                    "9223372036854775808", "123", "1e-400", "0.00000000000000000001")));
            case 4 -> pick(r, NODES.booleanNode(true), NODES.nullNode(), NODES.arrayNode(), NODES.objectNode(),
                    NODES.arrayNode().add(NODES.nullNode()));
            default -> NODES.stringNode(pick(r, "+999999999-12-31", "-999999999-01-01", "0000-01-01", "123", "12",
                    "2", "1e400", "NaN", "XXX", "ZZ", "eur", "BERLIN-GEAR", "berlin-gear", "http://169.254.169.254/",
                    "https://localhost:8091/", "9999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "", " ", "null",
                    "2026-13-45", "P-1D", "PT-1H", "order-view", "../../etc/passwd", "%00", "%zz", "Ünïcödé 北京"));
        };
    }

    static String hostileText(Random r) {
        var text = new StringBuilder(pick(r, "", "a", "SKU-", "Ana "));
        int parts = 1 + r.nextInt(4);
        for (int i = 0; i < parts; i++) {
            switch (r.nextInt(9)) {
                case 0 -> text.append('\u0000');
                case 1 -> text.append((char) r.nextInt(0x20));
                case 2 -> text.append((char) (0x7F + r.nextInt(0x21)));
                case 3 -> text.append(pick(r, "\uD800", "\uDFFF", "\uD83D\uDE00", "\u202E", "\uFEFF", "\u200B"));
                case 4 -> text.append("x".repeat(r.nextInt(3) == 0 ? 100_000 : 1 + r.nextInt(300)));
                case 5 -> text.append(pick(r, "' OR '1'='1", "\"; DROP TABLE domainevententry; --", "<script>x</script>",
                        "${jndi:ldap://x}", "{{7*7}}", "\\", "%s%n%x"));
                case 6 -> text.append(pick(r, "\r\n", "\t", "\n"));
                case 7 -> text.append(pick(r, "Ω", "ß", "\u0301", "日本"));
                default -> text.append(r.nextInt());
            }
        }
        return text.toString();
    }

    /** A copy of the body with one leaf (or, sometimes, one whole member) replaced by the hostile value. */
    static JsonNode mutate(Random r, JsonNode body, JsonNode bad) {
        var leaves = new ArrayList<Runnable>();
        collect(body, bad, leaves, r.nextInt(4) == 0);
        if (!leaves.isEmpty()) {
            leaves.get(r.nextInt(leaves.size())).run();
        }
        return body;
    }

    private static void collect(JsonNode node, JsonNode bad, List<Runnable> setters, boolean containersToo) {
        if (node instanceof ObjectNode object) {
            for (String name : object.propertyNames()) {
                JsonNode child = object.get(name);
                if (!child.isContainer() || containersToo) {
                    setters.add(() -> object.set(name, bad));
                }
                collect(child, bad, setters, containersToo);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                int index = i;
                JsonNode child = array.get(i);
                if (!child.isContainer() || containersToo) {
                    setters.add(() -> array.set(index, bad));
                }
                collect(child, bad, setters, containersToo);
            }
        }
    }

    // ---- the stock feed

    void feedHostileStock(Random r) {
        for (int i = 0; i < 60; i++) {
            var message = mutate(r, JSON.readTree("""
                    {"messageId":"%s","supplierId":"berlin-gear","locationId":"berlin","supplierSku":"HOSTILE-FEED",
                     "type":"%s","available":3,"delta":1,"asOf":"%s"}""".formatted(UUID.randomUUID(),
                    pick(r, "LEVEL", "DELTA"), Instant.now().minus(1, ChronoUnit.MINUTES))), hostile(r));
            byte[] bytes = r.nextInt(10) == 0 ? new byte[] {0, (byte) 0xFF, '{'} : JSON.writeValueAsBytes(message);
            kafka.send("orderflow.inventory-levels", "berlin-gear", bytes, Map.of()).block(Duration.ofSeconds(10));
        }
    }

    // ---- plumbing

    void registerSupplier(String supplier) {
        http().put().uri("/api/v1/suppliers/{id}", supplier).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(JSON.writeValueAsString(supplierBody()))
                .exchange().expectStatus().isOk();
    }

    static JsonNode supplierBody() {
        return JSON.readTree("""
                {"name":"Hostile Test Supplier","connector":{"type":"PARTNER_REST","baseUrl":"https://partner.example/api"},
                 "webhookSecrets":["whsec-hostile-0123456789"],
                 "locations":[{"locationId":"main","latitude":50.1,"longitude":8.6,"country":"DE","region":"HE"}],
                 "shipsTo":["DE"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":10,"priority":900,
                 "active":false}""");
    }

    Request json(String name, HttpMethod method, String path, String apiKey, JsonNode body) {
        var headers = new java.util.HashMap<String, String>();
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", UUID.randomUUID().toString());
        if (apiKey != null) {
            headers.put("X-Api-Key", apiKey);
        }
        return new Request(name, method, URI.create(path), headers, JSON.writeValueAsBytes(body));
    }

    Request get(String name, String path, String apiKey) {
        var headers = new java.util.HashMap<String, String>();
        if (apiKey != null) {
            headers.put("X-Api-Key", apiKey);
        }
        return new Request(name, HttpMethod.GET, URI.create(path), headers, null);
    }

    int send(Request request) {
        // an absolute URI is sent as it is: a String would be encoded again (%00 becoming %2500)
        var base = "http://localhost:" + environment.getRequiredProperty("local.server.port");
        var spec = hostileClient().method(request.method()).uri(URI.create(base + request.uri()));
        for (var header : request.headers().entrySet()) {
            spec = spec.header(header.getKey(), header.getValue());
        }
        var exchange = request.body() == null ? spec.exchange() : spec.bodyValue(request.body()).exchange();
        // the answer is read to its end (none of these entries streams), so that nothing is left on the connection
        return exchange.expectBody().returnResult().getStatus().value();
    }

    /**
     * One connection per request, as an attacker's requests come: a refused request must not decide how the next
     * one is answered. (With pooled connections whose answers were left unread, a later request now and then went
     * out on a connection that was being given up, and waited for an answer that never came: the client's, not
     * the service's, doing.)
     */
    WebTestClient hostileClient() {
        if (hostileClient == null) {
            hostileClient = TestHttp.connectionPerRequest()
                    .responseTimeout(Duration.ofSeconds(30)).build();
        }
        return hostileClient;
    }

    /** Any value as a path segment: percent-encoded, so that it arrives decoded exactly as generated. */
    static String segment(JsonNode value) {
        String text = value.isString() ? value.stringValue() : value.toString();
        String encoded = URLEncoder.encode(text.isEmpty() ? " " : text, StandardCharsets.UTF_8).replace("+", "%20");
        // within Netty's 4 KiB request line (beyond it Netty answers before the service sees the request)
        return encoded.length() > 2000 ? encoded.substring(0, 2000).replaceAll("%[0-9A-F]?$", "") : encoded;
    }

    static String query(JsonNode value) {
        return segment(value);
    }

    /**
     * Header values: printable text with no space at either end (Netty refuses to send the rest, as RFC 9110 says:
     * seed 52412895438485 made a value that started with a space), so hostile in length and form.
     */
    static String header(JsonNode value) {
        String text = value.isString() ? value.stringValue() : value.toString();
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?").strip();
        if (printable.isEmpty()) {
            printable = "?";
        }
        // within Netty's 8 KiB request head: a longer head is cut off by Netty itself before the service sees it
        return printable.length() > 4000 ? printable.substring(0, 4000) : printable;
    }

    long deadLetters() {
        return jdbc.queryForObject("SELECT count(*) FROM deadletterentry", Long.class);
    }

    static byte[] hmac(String secret, byte[] message) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @SafeVarargs
    static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
