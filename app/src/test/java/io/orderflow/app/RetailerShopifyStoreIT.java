package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.infra.connector.shopify.ShopifyRateLimits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The retailer's own Shopify store in the loop, against the sandbox playing that store over real HTTP: its
 * orders/create (Shopify's headers and HMAC) becomes one order however often it is sent; the order's shipment comes
 * back as one fulfillment with tracking and a DELIVERED event, also when the store throttles; lines we cannot place are
 * held, and cancellations go both ways.
 */
class RetailerShopifyStoreIT extends AppIntegrationTestBase {

    static final String STORE = "retail-store";
    static final String ADMIN_KEY = "dev-admin-key";
    static final RetailerId RETAILER = new RetailerId("demo-retailer");

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ShopifyRateLimits rateLimits;

    @BeforeEach
    void connectTheStore() {
        var connected = http().put().uri("/api/v1/retailer-store").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"%s","baseUrl":"%s","apiVersion":"2025-10","accessToken":"sandbox-api-%s",
                         "webhookSecrets":["sandbox-webhook-%s"],"locationId":"gid://shopify/Location/1",
                         "cancelledLines":"CANCEL","customerNotifications":"ORDERFLOW"}"""
                        .formatted(DemoSuppliers.shopDomain(STORE), demo.sandbox().shopifyBaseUrl(STORE), STORE, STORE))
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(connected).contains(DemoSuppliers.shopDomain(STORE)).doesNotContain("sandbox-api-")
                .doesNotContain("sandbox-webhook-");
        assertThat(jdbc.queryForObject("SELECT access_token FROM retailer_store WHERE retailer_id = 'demo-retailer'",
                String.class)).startsWith("sealed:v1:");
        control().put().uri("/store/webhook").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"address\":\"http://localhost:%s/webhooks/shopify-store/demo-retailer\"}"
                        .formatted(environment.getRequiredProperty("local.server.port")))
                .exchange().expectStatus().isNoContent();
        control().put().uri("/store/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"skus\":[\"MUG-LOGO\",\"SOCKS-3PACK\",\"TSHIRT-BLACK-M\"]}")
                .exchange().expectStatus().isNoContent();
    }

    @Test
    void anOrderFromTheStoreComesBackAsOneFulfillmentWithTrackingAndDeliveryEvenWhenTheStoreThrottles() {
        // a small, slow bucket: every write back waits for its points, none is lost
        control().put().uri("/throttle").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"maximumAvailable\":20,\"restoreRate\":10,\"currentlyAvailable\":0}")
                .exchange().expectStatus().isOk();
        try {
            long shopOrder = createInStore(storeOrder("MUG-LOGO", 2, true), 1);
            var orderId = orderIdOf(shopOrder);

            var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"),
                    Duration.ofSeconds(60));
            assertThat(delivered.path("externalOrderId").asString()).isEqualTo("shopify-" + shopOrder);
            assertThat(delivered.path("lines")).singleElement()
                    .satisfies(line -> assertThat(line.path("sku").asString()).isEqualTo("MUG-LOGO"));
            var shipment = delivered.path("shipments").path(0);

            var inStore = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> storeOrder(shopOrder), o -> o.path("fulfillments").size() == 1
                            && o.path("fulfillments").path(0).path("events").toString().contains("DELIVERED"));
            var fulfillment = inStore.path("fulfillments").path(0);
            assertThat(fulfillment.path("trackingInfo").path("number").asString())
                    .isEqualTo(shipment.path("trackingNumber").asString());
            assertThat(fulfillment.path("trackingInfo").path("company").asString())
                    .isEqualTo(shipment.path("carrier").asString());
            assertThat(fulfillment.path("trackingInfo").path("url").asString()).startsWith("https://");
            assertThat(fulfillment.path("notifyCustomer").asBoolean()).as("orderflow sends the mails").isFalse();
            assertThat(fulfillment.path("lineItems").path(0).path("quantity").asInt()).isEqualTo(2);
            assertThat(inStore.path("remaining").path(inStore.path("lineItems").path(0).path("id").asString()).asInt())
                    .isZero();
            assertThat(rateLimits.waited(DemoSuppliers.shopDomain(STORE))).isPositive();
            assertThat(JSON.readTree(control().get().uri("/throttle").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody()).path("throttled").asLong())
                    .as("the store throttled some of the writes").isPositive();
            assertThat(jdbc.queryForObject("SELECT fulfillment_id FROM retailer_store_fulfillment WHERE order_id = ?",
                    String.class, orderId)).isEqualTo(fulfillment.path("id").asString());
        } finally {
            control().put().uri("/throttle").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"maximumAvailable\":1000,\"restoreRate\":50,\"currentlyAvailable\":1000}")
                    .exchange().expectStatus().isOk();
        }
    }

    @Test
    void aFulfillmentWhoseAnswerWasLostIsFoundNotMadeTwice() {
        // the store makes the fulfillment, but the connection drops before orderflow hears of it
        control().post().uri("/drop-next?count=1&operation=fulfillmentCreate").exchange().expectStatus().isNoContent();
        long shopOrder = createInStore(storeOrder("TSHIRT-BLACK-M", 1, false), 1);
        var orderId = orderIdOf(shopOrder);

        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        var inStore = Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> storeOrder(shopOrder),
                        o -> o.path("fulfillments").path(0).path("events").toString().contains("DELIVERED"));
        assertThat(inStore.path("fulfillments")).as("one fulfillment, however often it was tried").hasSize(1);
        assertThat(inStore.path("fulfillments").path(0).path("trackingInfo").path("number").asString()).isNotBlank();
        assertThat(jdbc.queryForObject("SELECT fulfillment_id FROM retailer_store_fulfillment WHERE order_id = ?",
                String.class, orderId)).isEqualTo(inStore.path("fulfillments").path(0).path("id").asString());
    }

    @Test
    void aDuplicatedOrdersCreateMakesOneOrder() {
        long shopOrder = createInStore(storeOrder("SOCKS-3PACK", 1, false), 3);
        var orderId = orderIdOf(shopOrder);
        awaitView(orderId, v -> !v.path("status").asString().isEmpty(), Duration.ofSeconds(30));
        // the same payload with a new webhook id (Shopify sends one now and then), straight to the endpoint
        var body = storeOrderPayload(shopOrder);
        storeWebhook("orders/create", body, sign("sandbox-webhook-" + STORE, body)).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("duplicate");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?
                AND payloadtype LIKE '%OrderPlacedEvent'""", Integer.class, orderId)).isEqualTo(1);
    }

    @Test
    void linesWithoutOrWithUnknownSkusAreHeldWithAReasonAndCancellationsGoBothWays() {
        var body = """
                {"currency":"EUR","email":"lea@example.org","line_items":[
                  {"sku":"MUG-LOGO","quantity":1,"price":"9.90","title":"Mug"},
                  {"sku":null,"quantity":1,"price":"4.00","title":"Gift wrap"},
                  {"sku":"NOT-IN-ANY-CATALOG","quantity":2,"price":"12.00","title":"Scarf"}],
                 "customer":{"first_name":"Lea","last_name":"Example"},
                 "shipping_address":{"first_name":"Lea","last_name":"Example","address1":"Hauptstraße 2",
                   "city":"Berlin","zip":"10115","country_code":"DE","province_code":"BE"}}""";
        long shopOrder = createInStore(body, 1);
        var orderId = orderIdOf(shopOrder);
        var held = awaitView(orderId, v -> v.path("status").asString().equals("ON_HOLD"), Duration.ofSeconds(30));
        assertThat(held.path("lines")).hasSize(3);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(http().get()
                .uri("/api/v1/orders/{id}/timeline", orderId).header("X-Api-Key", STOREFRONT_KEY).exchange()
                .returnResult(String.class).getResponseBody().blockFirst())
                .contains("has no SKU").contains("NOT-IN-ANY-CATALOG is in no supplier's catalog"));

        // we cancel the line without a SKU: it is taken off the store's order (refundCreate, restock CANCEL)
        var giftWrap = storeOrder(shopOrder).path("lineItems").path(1).path("id").asString();
        http().post().uri("/api/v1/orders/{id}/cancellation", orderId).header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"lines\":[{\"lineId\":\"%s\",\"quantity\":1}],\"reason\":\"no gift wrap\"}"
                        .formatted(giftWrap))
                .exchange().expectStatus().isAccepted();
        var refunded = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> storeOrder(shopOrder), o -> o.path("refunds").size() == 1);
        assertThat(refunded.path("refunds").path(0).path("refundLineItems")).singleElement().satisfies(item -> {
            assertThat(item.path("lineItemId").asString()).isEqualTo("gid://shopify/LineItem/" + giftWrap);
            assertThat(item.path("quantity").asInt()).isEqualTo(1);
            assertThat(item.path("restockType").asString()).isEqualTo("CANCEL");
        });
        assertThat(refunded.path("cancelledAt").isNull()).isTrue();

        // we cancel the rest (the storefront API): the store's order is cancelled
        http().post().uri("/api/v1/orders/{id}/cancellation", orderId).header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"customer asked\"}").exchange().expectStatus().isAccepted();
        awaitView(orderId, v -> v.path("status").asString().equals("CANCELLED"), Duration.ofSeconds(30));
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> !storeOrder(shopOrder).path("cancelledAt").isNull());

        // a retailer whose settings say REFUND: a cancelled order is refunded in the store (secrets left out: kept)
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", ADMIN_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"%s","baseUrl":"%s","locationId":"gid://shopify/Location/1",
                         "cancelledLines":"REFUND"}""".formatted(DemoSuppliers.shopDomain(STORE),
                        demo.sandbox().shopifyBaseUrl(STORE)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.cancelledLines").isEqualTo("REFUND");
        long refundedOrder = createInStore(storeOrder("NOT-IN-ANY-CATALOG", 1, false), 1);
        awaitView(orderIdOf(refundedOrder), v -> v.path("status").asString().equals("ON_HOLD"), Duration.ofSeconds(30));
        http().post().uri("/api/v1/orders/{id}/cancellation", orderIdOf(refundedOrder)).header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}").exchange().expectStatus().isAccepted();
        var refundedInStore = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> storeOrder(refundedOrder), o -> !o.path("cancelledAt").isNull());
        assertThat(refundedInStore.path("cancelRefunded").asBoolean()).isTrue();

        // the store cancels one of its orders: ours is cancelled as the storefront would
        long other = createInStore(storeOrder("NOT-IN-ANY-CATALOG", 1, false), 1);
        awaitView(orderIdOf(other), v -> v.path("status").asString().equals("ON_HOLD"), Duration.ofSeconds(30));
        control().post().uri("/store/orders/{id}/cancel?reason=customer", other).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.deliveries[0]").isEqualTo(200);
        awaitView(orderIdOf(other), v -> v.path("status").asString().equals("CANCELLED"), Duration.ofSeconds(30));
    }

    @Test
    void theStoresInventoryFollowsStockReportsAndReservationsAndSoDoesTheAvailabilityTopic() {
        var suppliers = new SandboxSuppliers(http(), demo, jdbc);
        control().put().uri("/store/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"skus\":[\"STORE-SYNC\"]}").exchange().expectStatus().isNoContent();
        var partner = suppliers.partner("store-stock");
        suppliers.register(partner, Map.of("STORE-SYNC", 10));
        awaitStoreAvailable("STORE-SYNC", 10);

        // an order reserves 3: the store shows 7 at once, while the supplier has not even accepted it
        suppliers.control("store-stock", "/profile", """
                {"acceptAfter":"PT1H","fulfilAfter":"PT1H","trackAfter":"PT1H","deliverAfter":"PT1H","carrier":"DHL",
                 "rejectAll":false}""");
        place(orderBody(unique("store-sync"), "DE", Map.of("STORE-SYNC", 3)));
        awaitStoreAvailable("STORE-SYNC", 7);

        // the supplier reports 5: 5 - 3 promised = 2
        suppliers.report(partner, Map.of("STORE-SYNC", 5));
        awaitStoreAvailable("STORE-SYNC", 2);

        // the same figures, keyed by SKU, for storefronts that are not on Shopify
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(availabilityRecords("STORE-SYNC"))
                .extracting(r -> r.path("available").asInt()).containsSubsequence(10, 7, 2).endsWith(2));
        assertThat(availabilityRecords("STORE-SYNC")).allSatisfy(r ->
                assertThat(r.path("retailerId").asString()).isEqualTo("demo-retailer"));
    }

    private void awaitStoreAvailable(String sku, int expected) {
        Awaitility.await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var inventory = JSON.readTree(control().get().uri("/store/inventory").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(inventory.path("levels")).anySatisfy(level -> {
                assertThat(level.path("sku").asString()).isEqualTo(sku);
                assertThat(level.path("locationId").asString()).isEqualTo("gid://shopify/Location/1");
                assertThat(level.path("available").asInt()).isEqualTo(expected);
            });
        });
    }

    private List<JsonNode> availabilityRecords(String sku) {
        var records = new ArrayList<JsonNode>();
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("orderflow.kafka.bootstrap"),
                ConsumerConfig.GROUP_ID_CONFIG, "availability-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of("orderflow.availability"));
            long until = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < until) {
                for (var record : consumer.poll(Duration.ofMillis(300))) {
                    if (sku.equals(record.key())) {
                        records.add(JSON.readTree(record.value()));
                    }
                }
            }
        }
        records.sort(java.util.Comparator.comparing(r -> r.path("asOf").asString()));
        return records;
    }

    @Test
    void storeWebhooksAreVerifiedBeforeTheyAreRead() {
        var body = storeOrderPayload(987654321L);
        storeWebhook("orders/create", body, sign("not-the-store-secret", body)).expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        storeWebhook("orders/create", body, "bm90IGEgc2lnbmF0dXJl").expectStatus().isUnauthorized();
        http().post().uri("/webhooks/shopify-store/{retailer}", "no-such-retailer").contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Hmac-Sha256", sign("sandbox-webhook-" + STORE, body))
                .header("X-Shopify-Topic", "orders/create").header("X-Shopify-Webhook-Id", "w-1")
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
        var secret = "sandbox-webhook-" + STORE;
        storeWebhook("orders/paid", body, sign(secret, body)).expectStatus().isBadRequest();
        byte[] broken = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        storeWebhook("orders/create", broken, sign(secret, broken)).expectStatus().isBadRequest();
        byte[] noLines = "{\"id\":55,\"currency\":\"EUR\",\"line_items\":[]}".getBytes(StandardCharsets.UTF_8);
        storeWebhook("orders/create", noLines, sign(secret, noLines)).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("line_items");
        byte[] badCountry = new String(body, StandardCharsets.UTF_8).replace("\"DE\"", "\"ZZ\"")
                .getBytes(StandardCharsets.UTF_8);
        storeWebhook("orders/create", badCountry, sign(secret, badCountry)).expectStatus().isBadRequest();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM retailer_store_order WHERE shop_order_id = '987654321'",
                Integer.class)).isZero();
    }

    @Test
    void eachRetailerHasItsOwnStoreAndAFirstConnectionNeedsItsSecrets() {
        var retailer = unique("store-tenant").substring(0, 40);
        http().post().uri("/api/v1/platform/retailers").header("X-Api-Key", PLATFORM_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"retailerId\":\"%s\",\"name\":\"Store tenant\"}".formatted(retailer))
                .exchange().expectStatus().isCreated();
        var key = JSON.readTree(http().post().uri("/api/v1/platform/retailers/{id}/keys", retailer)
                .header("X-Api-Key", PLATFORM_KEY).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"admin\",\"scopes\":[\"admin\"]}").exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody()).path("key").asString();

        // another retailer's store is not this one's
        http().get().uri("/api/v1/retailer-store").header("X-Api-Key", key).exchange().expectStatus().isNotFound();
        http().get().uri("/api/v1/retailer-store").header("X-Api-Key", STOREFRONT_KEY).exchange()
                .expectStatus().isForbidden();
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"shopDomain\":\"tenant.myshopify.com\"}").exchange().expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"tenant.myshopify.com","baseUrl":"http://169.254.169.254/","accessToken":"t",
                         "webhookSecrets":["s"]}""").exchange().expectStatus().isBadRequest();
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"tenant.myshopify.com","accessToken":"t","webhookSecrets":["s"],
                         "cancelledLines":"MAYBE"}""").exchange().expectStatus().isBadRequest();

        // signed with this retailer's secret, a delivery to the demo retailer's store is refused
        http().put().uri("/api/v1/retailer-store").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"shopDomain":"tenant.myshopify.com","accessToken":"shpat_tenant","webhookSecrets":["tenant-secret"]}""")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.retailerId").isEqualTo(retailer);
        var body = storeOrderPayload(123_456_789L);
        storeWebhook("orders/create", body, sign("tenant-secret", body)).expectStatus().isUnauthorized();

        // disconnected: its webhooks meet a 401, and there is nothing left to read
        http().delete().uri("/api/v1/retailer-store").header("X-Api-Key", key).exchange().expectStatus().isNoContent();
        http().get().uri("/api/v1/retailer-store").header("X-Api-Key", key).exchange().expectStatus().isNotFound();
        http().delete().uri("/api/v1/retailer-store").header("X-Api-Key", key).exchange().expectStatus().isNotFound();
        http().post().uri("/webhooks/shopify-store/{retailer}", retailer).contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Hmac-Sha256", sign("tenant-secret", body))
                .header("X-Shopify-Topic", "orders/create").header("X-Shopify-Webhook-Id", "w-2")
                .bodyValue(body).exchange().expectStatus().isUnauthorized();
    }

    private static String storeOrder(String sku, int quantity, boolean consent) {
        return """
                {"currency":"EUR","email":"ana.store@example.org","buyer_accepts_marketing":%s,
                 "line_items":[{"sku":"%s","quantity":%d,"price":"19.90","title":"Item"}],
                 "customer":{"first_name":"Ana","last_name":"Store","email":"ana.store@example.org",
                   "email_marketing_consent":{"state":"%s","consent_updated_at":"2026-12-01T10:00:00Z"}},
                 "shipping_address":{"first_name":"Ana","last_name":"Store","address1":"Hauptstraße 1","city":"Berlin",
                   "zip":"10115","country_code":"DE","province_code":"BE","latitude":52.52,"longitude":13.40}}"""
                .formatted(consent, sku, quantity, consent ? "subscribed" : "not_subscribed");
    }

    private static byte[] storeOrderPayload(long id) {
        return ("{\"id\":" + id + "," + storeOrder("MUG-LOGO", 1, false).substring(1)
                .replace("{\"sku\"", "{\"id\":" + (id + 1) + ",\"sku\"")).getBytes(StandardCharsets.UTF_8);
    }

    private long createInStore(String order, int deliveries) {
        var created = JSON.readTree(control().post().uri("/store/orders?deliveries={n}", deliveries)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(order).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(created.path("deliveries")).hasSize(deliveries)
                .allSatisfy(status -> assertThat(status.asInt()).isEqualTo(200));
        return created.path("id").asLong();
    }

    private static String orderIdOf(long shopOrder) {
        return OrderId.of(RETAILER, "shopify-" + shopOrder).value();
    }

    private JsonNode storeOrder(long shopOrder) {
        return JSON.readTree(control().get().uri("/store/orders/{id}", shopOrder).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private WebTestClient.ResponseSpec storeWebhook(String topic, byte[] body, String hmac) {
        return http().post().uri("/webhooks/shopify-store/demo-retailer")
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Topic", topic)
                .header("X-Shopify-Hmac-Sha256", hmac)
                .header("X-Shopify-Shop-Domain", DemoSuppliers.shopDomain(STORE))
                .header("X-Shopify-API-Version", "2025-10")
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Triggered-At", Instant.now().toString())
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient control() {
        return TestHttp.client().baseUrl(demo.sandbox().controlBaseUrl(STORE).toString())
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static String sign(String secret, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
