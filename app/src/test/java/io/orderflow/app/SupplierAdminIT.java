package io.orderflow.app;

import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyPublishedEvent;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierRegisteredEvent;
import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.infra.privacy.SupplierSecretSealer;
import io.orderflow.projection.supplier.SupplierDirectoryProjection;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

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
 * Supplier and routing-policy administration over HTTP, through the aggregates and the supplier directory: secrets
 * go in and never come out, another retailer sees nothing, and a new supplier's webhooks are verified with the
 * secrets it was registered with.
 */
class SupplierAdminIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String OTHER_ADMIN_KEY = "it-other-retailer-admin-key";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SupplierDirectoryProjection directory;
    @Autowired
    SupplierSecretSealer sealer;

    @BeforeEach
    void anotherRetailersAdminKey() {
        jdbc.update("""
                INSERT INTO api_key (key_hash, name, retailer_id, scopes) VALUES (?, 'it-other-admin', 'other-retailer', ?)
                ON CONFLICT (key_hash) DO NOTHING""",
                ApiKeyStore.sha256Hex(OTHER_ADMIN_KEY), new String[] {"admin"});
    }

    @Test
    void aSupplierRegisteredOverHttpIsReadBackWithoutSecretsAndItsWebhooksAreVerifiedWithItsSecret() {
        String supplierId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        String webhookSecret = "it-webhook-" + UUID.randomUUID();
        String apiSecret = "it-api-" + UUID.randomUUID();

        var registered = json(put(ADMIN_KEY, "/api/v1/suppliers/" + supplierId, supplier(webhookSecret, apiSecret, 1))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), webhookSecret, apiSecret);
        assertThat(registered.path("version").asInt()).isEqualTo(1);
        assertThat(registered.path("locations").path(0).path("latitude").asDouble()).isEqualTo(64.1466);

        var published = json(put(ADMIN_KEY, "/api/v1/suppliers/" + supplierId + "/catalog", """
                        {"items":[{"sku":"ADMIN-IT-SKU","supplierSku":"X-1","variantId":"v-1","unitsPerItem":6,
                                   "unitCost":2.50,"currency":"EUR"}]}""")
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), webhookSecret, apiSecret);
        assertThat(published.path("catalogVersion").asInt()).isEqualTo(1);

        var view = awaitGet(ADMIN_KEY, "/api/v1/suppliers/" + supplierId,
                v -> v.path("version").asInt() == 1 && v.path("catalogVersion").asInt() == 1, webhookSecret, apiSecret);
        assertThat(view.path("name").asString()).isEqualTo("Reykjavik Drop-Ship");
        assertThat(view.path("connector").path("baseUrl").asString()).isEqualTo("https://partner.example/api");
        assertThat(view.path("locations").path(0).path("region").asString()).isEqualTo("HB");
        assertThat(view.path("acceptanceSlaMinutes").asInt()).isEqualTo(45);
        var catalog = awaitGet(ADMIN_KEY, "/api/v1/suppliers/" + supplierId + "/catalog",
                c -> c.path("catalogVersion").asInt() == 1, webhookSecret, apiSecret);
        assertThat(catalog.path("items").path(0).path("unitsPerItem").asInt()).isEqualTo(6);
        assertThat(catalog.path("items").path(0).path("unitCost").decimalValue()).isEqualByComparingTo("2.5");

        // another retailer can neither see nor change it
        get(OTHER_ADMIN_KEY, "/api/v1/suppliers/" + supplierId).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        get(OTHER_ADMIN_KEY, "/api/v1/suppliers/" + supplierId + "/catalog").expectStatus().isNotFound();
        put(OTHER_ADMIN_KEY, "/api/v1/suppliers/" + supplierId, supplier("it-someone-elses-secret", null, 1))
                .expectStatus().isNotFound().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        put(OTHER_ADMIN_KEY, "/api/v1/suppliers/" + supplierId + "/catalog", "{\"items\":[]}").expectStatus().isNotFound();

        // its webhooks are checked against the secret it was registered with
        deliverWebhook(supplierId, webhookSecret).expectStatus().isOk();
        deliverWebhook(supplierId, "it-not-the-secret-at-all").expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        deliverWebhook(supplierId, "it-someone-elses-secret").expectStatus().isUnauthorized();

        // an update without secrets keeps them
        var updated = json(put(ADMIN_KEY, "/api/v1/suppliers/" + supplierId, supplier(null, null, 2))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), webhookSecret, apiSecret);
        assertThat(updated.path("version").asInt()).isEqualTo(2);
        deliverWebhook(supplierId, webhookSecret).expectStatus().isOk();
        String nextApiSecret = "it-api-" + UUID.randomUUID();
        json(put(ADMIN_KEY, "/api/v1/suppliers/" + supplierId, supplier(null, nextApiSecret, 3))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), webhookSecret, nextApiSecret);
        deliverWebhook(supplierId, webhookSecret).expectStatus().isOk();
        awaitGet(ADMIN_KEY, "/api/v1/suppliers/" + supplierId, v -> v.path("priority").asInt() == 3, webhookSecret,
                apiSecret, nextApiSecret);
        // sealed at rest under the supplier's data key, and read as it was given
        String stored = jdbc.queryForObject("SELECT api_secret FROM supplier_secret WHERE supplier_id = ?", String.class,
                supplierId);
        assertThat(stored).startsWith("sealed:v1:").doesNotContain(nextApiSecret);
        assertThat(sealer.open(supplierId, stored)).isEqualTo(nextApiSecret);

        // secrets are in neither the read model nor the event store
        assertThat(jdbc.queryForList("SELECT column_name FROM information_schema.columns WHERE table_name = 'supplier'",
                String.class)).doesNotContain("api_secret", "webhook_secrets");
        for (String secret : new String[] {webhookSecret, apiSecret, nextApiSecret}) {
            assertThat(jdbc.queryForObject("""
                    SELECT count(*) FROM domainevententry
                    WHERE position(convert_to(?, 'UTF8') IN payload) > 0
                       OR position(convert_to(?, 'UTF8') IN coalesce(metadata, ''::bytea)) > 0""",
                    Long.class, secret, secret)).isZero();
        }
    }

    @Test
    void aRoutingPolicyIsPublishedInVersionsAndReadBackPerRetailer() {
        var demo = awaitGet(ADMIN_KEY, "/api/v1/routing-policy", p -> p.path("version").asInt() >= 1, null, null);
        assertThat(demo.path("maxSuppliersPerOrder").asInt()).isEqualTo(2);
        assertThat(demo.path("unroutable").asString()).isEqualTo("BACKORDER");

        // another retailer's policy: publishing it leaves demo-retailer's routing, which other tests rely on, alone
        var first = json(put(OTHER_ADMIN_KEY, "/api/v1/routing-policy", policy("HOLD", 1))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), null, null);
        var second = json(put(OTHER_ADMIN_KEY, "/api/v1/routing-policy", policy("BACKORDER", 3))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), null, null);
        assertThat(second.path("version").asInt()).isEqualTo(first.path("version").asInt() + 1);
        var again = json(put(OTHER_ADMIN_KEY, "/api/v1/routing-policy", policy("BACKORDER", 3))
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody(), null, null);
        assertThat(again.path("version").asInt()).isEqualTo(second.path("version").asInt());

        var read = awaitGet(OTHER_ADMIN_KEY, "/api/v1/routing-policy",
                p -> p.path("version").asInt() == second.path("version").asInt(), null, null);
        assertThat(read.path("maxSuppliersPerOrder").asInt()).isEqualTo(3);
        assertThat(read.path("weights").path("proximity").asDouble()).isEqualTo(2.0);
        assertThat(awaitGet(ADMIN_KEY, "/api/v1/routing-policy", p -> true, null, null).path("version").asInt())
                .isEqualTo(demo.path("version").asInt());

        put(ADMIN_KEY, "/api/v1/routing-policy", policy("DROP", 1)).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        put(STOREFRONT_KEY, "/api/v1/routing-policy", policy("HOLD", 1)).expectStatus().isForbidden();
    }

    @Test
    void theDirectoryAppliesEachVersionOnceAndNeverGoesBack() {
        var supplier = new SupplierId("it-projection-" + UUID.randomUUID().toString().substring(0, 8));
        var retailer = new RetailerId("it-projection-retailer-" + UUID.randomUUID());
        var connector = new SupplierConnector("SHOPIFY", null, "it.myshopify.com", "2025-07");
        var location = new SupplierLocation("oslo", 59.9139, 10.7522, "NO", "03");
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        var second = new SupplierRegisteredEvent(supplier, retailer, 2, "Second", connector, List.of(location),
                Set.of("NO", "SE"), 2, Duration.ofMinutes(20), 50, 2, false);
        var first = new SupplierRegisteredEvent(supplier, retailer, 1, "First", connector, List.of(location),
                Set.of("NO"), 1, Duration.ofMinutes(10), 10, 1, true);
        var newCatalog = List.of(new CatalogItem(new Sku("A"), "S-A", "gid://1", 2, new Money(new BigDecimal("1.5"), "NOK")));
        var oldCatalog = List.of(new CatalogItem(new Sku("B"), "S-B", null, 1, new Money(BigDecimal.ONE, "NOK")));

        directory.on(second, at);
        directory.on(second, at);
        directory.on(first, at);
        directory.on(new SupplierCatalogPublishedEvent(supplier, retailer, 2, newCatalog));
        directory.on(new SupplierCatalogPublishedEvent(supplier, retailer, 1, oldCatalog));
        directory.on(new RoutingPolicyPublishedEvent(RoutingPolicyId.of(retailer), retailer, 2, 2, 1,
                UnroutableAction.HOLD, RoutingWeights.balanced()), at);
        directory.on(new RoutingPolicyPublishedEvent(RoutingPolicyId.of(retailer), retailer, 1, 1, 1,
                UnroutableAction.BACKORDER, RoutingWeights.balanced()), at);

        var row = jdbc.queryForMap("""
                SELECT version, name, connector_type, shop_domain, location_ids, ships_to, locations::text AS locations,
                       acceptance_sla_seconds, catalog_version, active
                FROM supplier WHERE supplier_id = ?""", supplier.value());
        assertThat(row).containsEntry("version", 2).containsEntry("name", "Second").containsEntry("shop_domain",
                "it.myshopify.com").containsEntry("acceptance_sla_seconds", 1200L).containsEntry("catalog_version", 2)
                .containsEntry("active", false);
        assertThat(JSON.readTree((String) row.get("locations")).path(0).path("latitude").asDouble()).isEqualTo(59.9139);
        assertThat(jdbc.queryForList("SELECT sku FROM supplier_catalog_item WHERE supplier_id = ?", String.class,
                supplier.value())).containsExactly("A");
        assertThat(jdbc.queryForObject("SELECT variant_id FROM supplier_catalog_item WHERE supplier_id = ?",
                String.class, supplier.value())).isEqualTo("gid://1");
        assertThat(jdbc.queryForMap("SELECT version, unroutable FROM routing_policy WHERE retailer_id = ?",
                retailer.value())).containsEntry("version", 2).containsEntry("unroutable", "HOLD");
    }

    static String supplier(String webhookSecret, String apiSecret, int priority) {
        var secrets = (webhookSecret == null ? "" : "\"webhookSecrets\":[\"" + webhookSecret + "\"],")
                + (apiSecret == null ? "" : "\"apiSecret\":\"" + apiSecret + "\",");
        // ships only to Iceland and sells a SKU no other test orders: demo-retailer's routing stays as it was
        return """
                {"name":"Reykjavik Drop-Ship","connector":{"type":"PARTNER_REST","baseUrl":"https://partner.example/api"},
                 %s
                 "locations":[{"locationId":"reykjavik","latitude":64.1466,"longitude":-21.9426,"country":"IS",
                               "region":"HB"}],
                 "shipsTo":["IS"],"handlingDays":2,"acceptanceSlaMinutes":45,"dailyCapacity":100,"priority":%d,
                 "active":true}""".formatted(secrets, priority);
    }

    static String policy(String unroutable, int maxSuppliers) {
        return """
                {"maxSuppliersPerOrder":%d,"maxRerouteAttempts":2,"unroutable":"%s",
                 "weights":{"proximity":2,"cost":1,"priority":1,"promise":1,"reliability":1,"stock":1}}"""
                .formatted(maxSuppliers, unroutable);
    }

    WebTestClient.ResponseSpec put(String apiKey, String path, String body) {
        return http().put().uri(path).header("X-Api-Key", apiKey).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    WebTestClient.ResponseSpec get(String apiKey, String path) {
        return http().get().uri(path).header("X-Api-Key", apiKey).exchange();
    }

    /** The read model follows the commands within moments. */
    JsonNode awaitGet(String apiKey, String path, Predicate<JsonNode> condition, String... secrets) {
        var holder = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var result = get(apiKey, path).returnResult(String.class);
            if (!result.getStatus().is2xxSuccessful()) {
                return false;
            }
            holder[0] = json(result.getResponseBody().blockFirst(), secrets);
            return condition.test(holder[0]);
        });
        return holder[0];
    }

    static JsonNode json(String body, String... secrets) {
        for (String secret : secrets) {
            if (secret != null) {
                assertThat(body).doesNotContain(secret);
            }
        }
        assertThat(body).doesNotContain("webhookSecrets", "apiSecret");
        return JSON.readTree(body);
    }

    WebTestClient.ResponseSpec deliverWebhook(String supplierId, String secret) {
        var body = """
                {"eventId":"%s","type":"order.accepted","occurredAt":"%s",
                 "data":{"orderId":"no-such-order","reference":"no-such-allocation"}}"""
                .formatted(UUID.randomUUID(), Instant.now());
        return http().post().uri("/webhooks/partner/{supplier}", supplierId)
                .header("X-Orderflow-Signature", PartnerWebhookIT.signature(secret, body))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }
}
