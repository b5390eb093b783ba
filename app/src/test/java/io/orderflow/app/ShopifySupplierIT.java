package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.infra.inventory.InventoryReconciliation;
import io.orderflow.infra.connector.shopify.ShopifyRateLimits;
import io.orderflow.sandbox.orders.ShopifyIds;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shopify suppliers end to end: orders go to the sandbox's GraphQL Admin API (orderCreate after a lookup by our
 * allocation tag) and come back through Shopify-style webhooks (X-Shopify-Hmac-Sha256, X-Shopify-Webhook-Id) via
 * Kafka; the shop's rate limit (cost bucket, THROTTLED, 429 + Retry-After) and its failures are survived without a
 * second order at the shop.
 */
class ShopifySupplierIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String PREVIOUS_SECRET = "previous-webhook-secret-of-the-shop";

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ShopifyRateLimits rateLimits;
    @Autowired
    InventoryReconciliation reconciliation;

    @Test
    void aShopifyStoreFulfilsAnOrderOverGraphQlAndWebhooks() {
        // CAP-ORANGE and TOTE-CANVAS (a two-pack at the shop) only the demo Shopify store amsterdam-shop sells
        var placed = place(orderBody(unique("shopify"), "DE", Map.of("CAP-ORANGE", 2, "TOTE-CANVAS", 3)));
        var orderId = placed.path("orderId").asString();

        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        assertThat(delivered.path("lines")).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("supplierId").asString()).isEqualTo("amsterdam-shop");
            assertThat(line.path("status").asString()).isEqualTo("DELIVERED");
            assertThat(line.path("delivered").asInt()).isEqualTo(line.path("quantity").asInt());
        });
        assertThat(delivered.path("shipments")).singleElement().satisfies(shipment -> {
            assertThat(shipment.path("shipmentId").asString()).startsWith("gid://shopify/Fulfillment/");
            assertThat(shipment.path("carrier").asString()).isEqualTo("DHL");
            assertThat(shipment.path("trackingNumber").asString()).isNotBlank();
            assertThat(shipment.path("trackingUrl").asString()).startsWith("https://");
            assertThat(shipment.path("status").asString()).isEqualTo("DELIVERED");
        });
        var allocationId = allocationOf(orderId);
        assertThat(jdbc.queryForObject("SELECT supplier_order_ref FROM supplier_order_link WHERE allocation_id = ?",
                String.class, allocationId)).startsWith("gid://shopify/Order/");
        assertThat(ordersAtShop("amsterdam-shop", allocationId)).isEqualTo(1);
        // the shop was sent supplier units: 3 two-packs are 6 totes
        var units = jdbc.queryForObject("""
                SELECT (l ->> 'quantity')::int FROM sandbox.supplier_order o, jsonb_array_elements(o.lines) l
                WHERE o.supplier_id = 'amsterdam-shop' AND o.reference = ? AND l ->> 'supplierSku' = 'AS-TOTE'""",
                Integer.class, "alloc-" + allocationId);
        assertThat(units).isEqualTo(6);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(eventTypes(orderId))
                .containsSubsequence("OrderPlacedEvent", "SupplierSelectedEvent", "SupplierOrderSubmittedEvent",
                        "SupplierOrderAcceptedEvent", "FulfillmentCreatedEvent", "ShipmentTrackedEvent",
                        "ShipmentDeliveredEvent", "OrderCompletedEvent"));
    }

    @Test
    void shopifyWebhooksAreVerifiedAcceptPreviousSecretAndApplyOnce() {
        var shop = "shop-hooks";
        registerShop(shop, "HOOK-ITEM", List.of("sandbox-webhook-" + shop, PREVIOUS_SECRET));
        // the shop takes the order but does nothing with it for now: the webhooks below are ours
        control(shop).put().uri("/profile").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"PT1H","fulfilAfter":"PT1H","trackAfter":"PT1H","deliverAfter":"PT1H","carrier":"DHL",
                         "rejectAll":false}""")
                .exchange().expectStatus().isNoContent();
        var orderId = place(orderBody(unique("hooks"), "DE", Map.of("HOOK-ITEM", 2))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(30));
        var shopOrder = jdbc.queryForObject("SELECT supplier_order_ref FROM supplier_order_link WHERE order_id = ?",
                String.class, orderId);
        long orderNumber = Long.parseLong(shopOrder.substring(shopOrder.lastIndexOf('/') + 1));
        long fulfillmentNumber = 900_000 + orderNumber;
        byte[] body = """
                {"id":%d,"admin_graphql_api_id":"gid://shopify/Fulfillment/%d","order_id":%d,"status":"success",
                 "created_at":"%s","tracking_company":"UPS","tracking_number":"1Z999AA10123456784",
                 "tracking_url":"https://www.ups.com/track?tracknum=1Z999AA10123456784","shipment_status":null,
                 "line_items":[{"id":1,"sku":"shop-hooks-HOOK-ITEM","quantity":1,
                                "properties":[{"name":"_orderflow_line","value":"L1"}]}]}"""
                .formatted(fulfillmentNumber, fulfillmentNumber, orderNumber, Instant.now())
                .getBytes(StandardCharsets.UTF_8);
        var webhookId = UUID.randomUUID().toString();

        // a wrong signature, or one made with a secret the shop does not have: 401, and nothing happens
        webhook(shop, "fulfillments/create", webhookId, body, hmac("not-a-secret-of-this-shop", body))
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        webhook(shop, "fulfillments/create", webhookId, body, "bm90IGEgc2lnbmF0dXJl").expectStatus().isUnauthorized();
        webhook("no-such-shop", "fulfillments/create", webhookId, body, hmac(PREVIOUS_SECRET, body))
                .expectStatus().isUnauthorized();
        // well signed but malformed: 400
        byte[] notJson = "{\"id\":".getBytes(StandardCharsets.UTF_8);
        webhook(shop, "fulfillments/create", UUID.randomUUID().toString(), notJson, hmac(PREVIOUS_SECRET, notJson))
                .expectStatus().isBadRequest();
        webhook(shop, "orders/paid", UUID.randomUUID().toString(), body, hmac(PREVIOUS_SECRET, body))
                .expectStatus().isBadRequest();

        // signed with the previous secret during a rotation: accepted; the same delivery again: applied once
        webhook(shop, "fulfillments/create", webhookId, body, hmac(PREVIOUS_SECRET, body)).expectStatus().isOk();
        webhook(shop, "fulfillments/create", webhookId, body, hmac(PREVIOUS_SECRET, body)).expectStatus().isOk();

        var shipped = awaitView(orderId, v -> v.path("shipments").size() == 1
                && "1Z999AA10123456784".equals(v.path("shipments").path(0).path("trackingNumber").asString(null)),
                Duration.ofSeconds(30));
        assertThat(shipped.path("lines").path(0).path("shipped").asInt()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jdbc.queryForObject(
                "SELECT count(*) FROM webhook_delivery WHERE supplier_id = ? AND delivery_id = ?", Integer.class,
                shop, webhookId)).isEqualTo(1));
        // a later delivery about the same shop order shares the partition: once it is applied, so is the duplicate
        var later = UUID.randomUUID().toString();
        webhook(shop, "fulfillments/update", later, body, hmac("sandbox-webhook-" + shop, body)).expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM webhook_delivery WHERE supplier_id = ? AND delivery_id = ?", Integer.class,
                shop, later) == 1);
        assertThat(eventTypes(orderId).stream().filter("FulfillmentCreatedEvent"::equals)).hasSize(1);
        assertThat(eventTypes(orderId).stream().filter("ShipmentTrackedEvent"::equals)).hasSize(1);
    }

    @Test
    void aThrottlingShopSlowsCallsDownAndTheOrderStillProceeds() {
        var shop = "shop-throttled";
        registerShop(shop, "THROTTLE-ITEM", List.of("sandbox-webhook-" + shop));
        // a tiny, slow, empty bucket: every call must wait for points to be restored
        control(shop).put().uri("/throttle").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"maximumAvailable\":20,\"restoreRate\":4,\"currentlyAvailable\":0}")
                .exchange().expectStatus().isOk();
        var waitedBefore = rateLimits.waited(DemoSuppliers.shopDomain(shop));
        long started = System.nanoTime();

        var orderId = place(orderBody(unique("throttled"), "DE", Map.of("THROTTLE-ITEM", 1))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED")
                || v.path("status").asString().equals("DELIVERED") || v.path("status").asString().equals("SHIPPED")
                || v.path("status").asString().equals("IN_FULFILLMENT"), Duration.ofSeconds(30));
        var submittedAfter = Duration.ofNanos(System.nanoTime() - started);

        // the lookup (5 points) found the bucket short and waited for it; the create (10 points) then found it empty
        // and waited for 10 points at 4 a second (2.5 s), less what was restored between the two calls: on a busy
        // machine that gap reached 250 ms (2.25 s waited in a clean-clone CI run)
        var waited = rateLimits.waited(DemoSuppliers.shopDomain(shop)).minus(waitedBefore);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        // the submission itself was held up that long; not necessarily by all that was waited: once the order is
        // delivered, billing reads the shop's order (its invoice) through the same bucket, and waits too
        assertThat(submittedAfter).isGreaterThanOrEqualTo(Duration.ofMillis(2000));
        assertThat(ordersAtShop(shop, allocationOf(orderId))).isEqualTo(1);
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        // the shop empties its bucket behind the client's back: what the client knows says the points are there,
        // so its first call is THROTTLED; it then waits as the answer's throttleStatus says, and carries on
        control(shop).put().uri("/throttle").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"maximumAvailable\":20,\"restoreRate\":2,\"currentlyAvailable\":0}")
                .exchange().expectStatus().isOk();
        var throttledBefore = throttleStats(shop).path("throttled").asInt();
        var beforeThrottled = rateLimits.waited(DemoSuppliers.shopDomain(shop));
        var throttledOrder = place(orderBody(unique("throttled"), "DE", Map.of("THROTTLE-ITEM", 1))).path("orderId")
                .asString();
        awaitView(throttledOrder, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(40));
        var stats = throttleStats(shop);
        var waitedAfterThrottled = rateLimits.waited(DemoSuppliers.shopDomain(shop)).minus(beforeThrottled);
        assertThat(stats.path("throttled").asInt() - throttledBefore).isGreaterThanOrEqualTo(1);
        assertThat(waitedAfterThrottled).isGreaterThanOrEqualTo(Duration.ofMillis(4900));
        assertThat(ordersAtShop(shop, allocationOf(throttledOrder))).isEqualTo(1);
        System.out.printf("shopify throttling: waited %d ms ahead of calls (submitted %d ms after placement); "
                + "after a THROTTLED answer waited %d ms; %d of %d calls throttled at the shop%n", waited.toMillis(),
                submittedAfter.toMillis(), waitedAfterThrottled.toMillis(), stats.path("throttled").asInt(),
                stats.path("requests").asInt());

        // a 429 with Retry-After: 1 is waited out as asked
        control(shop).put().uri("/throttle").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"maximumAvailable\":1000,\"restoreRate\":50,\"currentlyAvailable\":1000}")
                .exchange().expectStatus().isOk();
        control(shop).post().uri("/fail-next?count=2&status=429&retryAfter=1").exchange().expectStatus().isNoContent();
        var before429 = rateLimits.waited(DemoSuppliers.shopDomain(shop));
        var second = place(orderBody(unique("retry-after"), "DE", Map.of("THROTTLE-ITEM", 1))).path("orderId").asString();
        awaitView(second, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        assertThat(rateLimits.waited(DemoSuppliers.shopDomain(shop)).minus(before429))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        assertThat(ordersAtShop(shop, allocationOf(second))).isEqualTo(1);
        assertThat(eventTypes(second).stream().filter("ShipmentDeliveredEvent"::equals)).hasSize(1);
        control(shop).post().uri("/duplicate-webhooks?count=0").exchange().expectStatus().isNoContent();
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByItsTagNotMadeTwice() {
        var shop = "shop-flaky";
        registerShop(shop, "FLAKY-ITEM", List.of("sandbox-webhook-" + shop));
        // the shop makes the order, then drops the connection before answering
        control(shop).post().uri("/drop-next?count=1&operation=orderCreate").exchange().expectStatus().isNoContent();

        var orderId = place(orderBody(unique("dropped"), "DE", Map.of("FLAKY-ITEM", 1))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        var allocationId = allocationOf(orderId);
        assertThat(ordersAtShop(shop, allocationId)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT supplier_order_ref FROM supplier_order_link WHERE allocation_id = ?",
                String.class, allocationId)).isEqualTo(ShopifyIds.ORDER + jdbc.queryForObject(
                "SELECT substring(id from '[0-9]+$') FROM sandbox.supplier_order WHERE reference = ?", String.class,
                "alloc-" + allocationId));

        // 503 for the first three attempts: submitted once, on the fourth; and every webhook of it sent twice. A shop
        // of its own: on top of the dropped call above, three more failures would rightly open this shop's circuit
        var unavailable = "shop-503";
        registerShop(unavailable, "UNAVAILABLE-ITEM", List.of("sandbox-webhook-" + unavailable));
        control(unavailable).post().uri("/fail-next?count=3&status=503").exchange().expectStatus().isNoContent();
        control(unavailable).post().uri("/duplicate-webhooks?count=10").exchange().expectStatus().isNoContent();
        var second = place(orderBody(unique("503"), "DE", Map.of("UNAVAILABLE-ITEM", 1))).path("orderId").asString();
        awaitView(second, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        assertThat(ordersAtShop(unavailable, allocationOf(second))).isEqualTo(1);
    }

    @Test
    void aShopsStockIsReconciledThroughGraphQlAndFollowedThroughInventoryWebhooks() {
        var shop = "shop-stock";
        registerShop(shop, "STOCK-ITEM", List.of("sandbox-webhook-" + shop));
        var supplierSku = shop + "-STOCK-ITEM";
        control(shop).put().uri("/stock").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[{\"supplierSku\":\"%s\",\"locationId\":\"main\",\"available\":321}]}"
                        .formatted(supplierSku))
                .exchange().expectStatus().isNoContent();

        // reconciliation reads productVariants { inventoryItem { inventoryLevels { quantities(names: ["available"]) } } }
        var result = reconciliation.reconcile(shop);
        assertThat(result.suppliers()).isEqualTo(1);
        assertThat(result.failedSuppliers()).isZero();
        assertThat(result.drifted()).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reported(shop, supplierSku) == 321);

        // inventory_levels/update names the inventory item, whose SKU reconciliation learnt (else the shop is asked)
        byte[] level = """
                {"inventory_item_id":%d,"location_id":"main","available":77,"updated_at":"%s"}"""
                .formatted(ShopifyIds.skuNumber(supplierSku), Instant.now().plusSeconds(1))
                .getBytes(StandardCharsets.UTF_8);
        webhook(shop, "inventory_levels/update", UUID.randomUUID().toString(), level,
                hmac("sandbox-webhook-" + shop, level)).expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reported(shop, supplierSku) == 77);

        // an item we never heard of is asked of the shop
        jdbc.update("DELETE FROM shopify_inventory_item WHERE supplier_id = ?", shop);
        byte[] later = """
                {"inventory_item_id":%d,"location_id":"main","available":55,"updated_at":"%s"}"""
                .formatted(ShopifyIds.skuNumber(supplierSku), Instant.now().plusSeconds(2))
                .getBytes(StandardCharsets.UTF_8);
        webhook(shop, "inventory_levels/update", UUID.randomUUID().toString(), later,
                hmac("sandbox-webhook-" + shop, later)).expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reported(shop, supplierSku) == 55);
    }

    private int reported(String supplierId, String supplierSku) {
        return jdbc.queryForList("SELECT reported FROM stock_availability WHERE supplier_id = ? AND supplier_sku = ?",
                Integer.class, supplierId, supplierSku).stream().findFirst().orElse(-1);
    }

    private JsonNode throttleStats(String shop) {
        return JSON.readTree(control(shop).get().uri("/throttle").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private void registerShop(String id, String sku, List<String> webhookSecrets) {
        var supplierSku = id + "-" + sku;
        var secrets = new ArrayList<String>();
        webhookSecrets.forEach(s -> secrets.add("\"" + s + "\""));
        http().put().uri("/api/v1/suppliers/{id}", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name":"%s","connector":{"type":"SHOPIFY","baseUrl":"%s","shopDomain":"%s","apiVersion":"2025-10"},
                         "webhookSecrets":[%s],"apiSecret":"sandbox-api-%s",
                         "locations":[{"locationId":"main","latitude":52.1,"longitude":5.1,"country":"NL","region":"UT"}],
                         "shipsTo":["DE","NL"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":10000,
                         "priority":1,"active":true}""".formatted(id, demo.sandbox().shopifyBaseUrl(id),
                        DemoSuppliers.shopDomain(id), String.join(",", secrets), id))
                .exchange().expectStatus().isOk();
        http().put().uri("/api/v1/suppliers/{id}/catalog", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"items":[{"sku":"%s","supplierSku":"%s","variantId":"%s","unitsPerItem":1,"unitCost":5.00,
                                   "currency":"EUR"}]}""".formatted(sku, supplierSku, ShopifyIds.variantId(supplierSku)))
                .exchange().expectStatus().isOk();
        control(id).put().uri("/stock").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[{\"supplierSku\":\"%s\",\"locationId\":\"main\",\"available\":500}]}"
                        .formatted(supplierSku))
                .exchange().expectStatus().isNoContent();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM supplier_catalog_item WHERE supplier_id = ? AND sku = ?", Integer.class, id, sku) == 1);
        http().post().uri("/api/v1/suppliers/{id}/stock", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[{\"supplierSku\":\"%s\",\"locationId\":\"main\",\"available\":500,\"asOf\":\"%s\"}]}"
                        .formatted(supplierSku, Instant.now()))
                .exchange().expectStatus().is2xxSuccessful();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM stock_availability WHERE supplier_id = ? AND supplier_sku = ? AND reported = 500",
                Integer.class, id, supplierSku) == 1);
    }

    private WebTestClient control(String supplierId) {
        return TestHttp.client()
                .baseUrl(demo.sandbox().controlBaseUrl(supplierId).toString())
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    private WebTestClient.ResponseSpec webhook(
            String supplierId, String topic, String webhookId, byte[] body, String hmac) {
        return http().post().uri("/webhooks/shopify/{id}", supplierId)
                .contentType(MediaType.APPLICATION_JSON)
                .header("X-Shopify-Topic", topic)
                .header("X-Shopify-Hmac-Sha256", hmac)
                .header("X-Shopify-Shop-Domain", DemoSuppliers.shopDomain(supplierId))
                .header("X-Shopify-API-Version", "2025-10")
                .header("X-Shopify-Webhook-Id", webhookId)
                .header("X-Shopify-Event-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Triggered-At", Instant.now().toString())
                .bodyValue(body)
                .exchange();
    }

    static String hmac(String secret, byte[] body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String allocationOf(String orderId) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForList(
                "SELECT allocation_id FROM supplier_order_link WHERE order_id = ? AND supplier_order_ref IS NOT NULL",
                String.class, orderId), list -> list.size() == 1).getFirst();
    }

    private int ordersAtShop(String shop, String allocationId) {
        return jdbc.queryForObject("SELECT count(*) FROM sandbox.supplier_order WHERE supplier_id = ? AND reference = ?",
                Integer.class, shop, "alloc-" + allocationId);
    }

    private List<String> eventTypes(String orderId) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber", String.class, orderId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }
}
