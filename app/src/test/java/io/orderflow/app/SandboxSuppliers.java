package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

import org.awaitility.Awaitility;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Registers sandbox partners through the admin API and drives them through the sandbox's control API. */
final class SandboxSuppliers {

    static final String ADMIN_KEY = "dev-admin-key";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebTestClient http;
    private final DemoSuppliers demo;
    private final JdbcTemplate jdbc;

    /** The test classes whose suppliers are registered: once per class, in the one context every test shares. */
    private static final Set<Class<?>> PREPARED = new HashSet<>();

    SandboxSuppliers(WebTestClient http, DemoSuppliers demo, JdbcTemplate jdbc) {
        this.http = http;
        this.demo = demo;
        this.jdbc = jdbc;
    }

    /**
     * A sandbox partner as the admin API registers it: one location "main", the sandbox's partner API and its test
     * secrets; a test changes what it needs with the withers. It is registered with the key of the retailer it serves.
     */
    record Partner(String id, String apiKey, String name, String baseUrl, String country, String region,
                   double latitude, double longitude, List<String> shipsTo, int priority, int acceptanceSlaMinutes,
                   String unitCost, boolean active) {

        Partner by(String key) {
            return new Partner(id, key, name, baseUrl, country, region, latitude, longitude, shipsTo, priority,
                    acceptanceSlaMinutes, unitCost, active);
        }

        Partner named(String newName) {
            return new Partner(id, apiKey, newName, baseUrl, country, region, latitude, longitude, shipsTo, priority,
                    acceptanceSlaMinutes, unitCost, active);
        }

        Partner reachedAt(String url) {
            return new Partner(id, apiKey, name, url, country, region, latitude, longitude, shipsTo, priority,
                    acceptanceSlaMinutes, unitCost, active);
        }

        Partner at(String inCountry, double lat, double lon) {
            return new Partner(id, apiKey, name, baseUrl, inCountry, "X", lat, lon, shipsTo, priority,
                    acceptanceSlaMinutes, unitCost, active);
        }

        Partner shippingTo(String... countries) {
            return new Partner(id, apiKey, name, baseUrl, country, region, latitude, longitude, List.of(countries),
                    priority, acceptanceSlaMinutes, unitCost, active);
        }

        Partner priority(int newPriority) {
            return new Partner(id, apiKey, name, baseUrl, country, region, latitude, longitude, shipsTo, newPriority,
                    acceptanceSlaMinutes, unitCost, active);
        }

        Partner acceptanceSlaMinutes(int minutes) {
            return new Partner(id, apiKey, name, baseUrl, country, region, latitude, longitude, shipsTo, priority,
                    minutes, unitCost, active);
        }

        Partner unitCost(String cost) {
            return new Partner(id, apiKey, name, baseUrl, country, region, latitude, longitude, shipsTo, priority,
                    acceptanceSlaMinutes, cost, active);
        }

        Partner active(boolean isActive) {
            return new Partner(id, apiKey, name, baseUrl, country, region, latitude, longitude, shipsTo, priority,
                    acceptanceSlaMinutes, unitCost, isActive);
        }

        String json() {
            return """
                    {"name":"%s","connector":{"type":"PARTNER_REST","baseUrl":"%s"},
                     "webhookSecrets":["sandbox-webhook-%s"],"apiSecret":"sandbox-api-%s",
                     "locations":[{"locationId":"main","latitude":%s,"longitude":%s,"country":"%s","region":"%s"}],
                     "shipsTo":[%s],"handlingDays":1,"acceptanceSlaMinutes":%d,"dailyCapacity":10000,
                     "priority":%d,"active":%s}""".formatted(name, baseUrl, id, id, latitude, longitude, country, region,
                    String.join(",", shipsTo.stream().map(c -> "\"" + c + "\"").toList()), acceptanceSlaMinutes,
                    priority, active);
        }
    }

    /** Runs the test class's registration the first time the class asks; a later call changes nothing. */
    void once(Class<?> testClass, Consumer<SandboxSuppliers> registration) {
        synchronized (PREPARED) {
            if (!PREPARED.contains(testClass)) {
                registration.accept(this);
                PREPARED.add(testClass);
            }
        }
    }

    /** A partner in Berlin shipping to Germany, registered by the demo retailer's admin. */
    Partner partner(String id) {
        return new Partner(id, ADMIN_KEY, id, demo.sandbox().partnerBaseUrl(id).toString(), "DE", "BE", 52.5, 13.4,
                List.of("DE"), 1, 30, "5.00", true);
    }

    /** A partner in Berlin selling the given SKUs (supplier SKU "{id}-{sku}") with the given stock. */
    void register(String id, int priority, Map<String, Integer> stock) {
        register(partner(id).priority(priority), stock);
    }

    void register(String id, int priority, int acceptanceSlaMinutes, Map<String, Integer> stock) {
        register(partner(id).priority(priority).acceptanceSlaMinutes(acceptanceSlaMinutes), stock);
    }

    void register(String id, int priority, int acceptanceSlaMinutes, String unitCost, Map<String, Integer> stock) {
        register(partner(id).priority(priority).acceptanceSlaMinutes(acceptanceSlaMinutes).unitCost(unitCost), stock);
    }

    /** The partner in the supplier directory, as routing will see it. */
    void register(Partner partner) {
        register(partner, partner.json());
    }

    /** The partner registered with that body (its own, with fields added), as routing will see it. */
    void register(Partner partner, String body) {
        http.put().uri("/api/v1/suppliers/{id}", partner.id()).header("X-Api-Key", partner.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectBody(String.class).consumeWith(answer -> assertThat(answer.getStatus().value())
                        .as("%s", answer.getResponseBody()).isEqualTo(200));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT 1 FROM supplier WHERE supplier_id = ? AND active = ?", partner.id(), partner.active()).size() == 1);
    }

    /** The partner, its catalog (one unit per item) and its stock, each waited for in the read models. */
    void register(Partner partner, Map<String, Integer> stock) {
        register(partner, partner.json(), stock);
    }

    /** The partner registered with that body, its catalog and its stock. */
    void register(Partner partner, String body, Map<String, Integer> stock) {
        register(partner, body);
        var items = new ArrayList<String>();
        stock.keySet().forEach(sku -> items.add("""
                {"sku":"%s","supplierSku":"%s-%s","unitsPerItem":1,"unitCost":%s,"currency":"EUR"}"""
                .formatted(sku, partner.id(), sku, partner.unitCost())));
        http.put().uri("/api/v1/suppliers/{id}/catalog", partner.id()).header("X-Api-Key", partner.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"items\":[" + String.join(",", items) + "]}")
                .exchange().expectStatus().isOk();
        stock.forEach((sku, available) -> Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM supplier_catalog_item WHERE supplier_id = ? AND sku = ?",
                        Integer.class, partner.id(), sku) == 1));
        report(partner, stock);
    }

    /** Stock levels reported for the partner's location "main", waited for in the stock read model. */
    void report(Partner partner, Map<String, Integer> stock) {
        var levels = new ArrayList<String>();
        stock.forEach((sku, available) -> levels.add("""
                {"supplierSku":"%s-%s","locationId":"main","available":%d,"asOf":"%s"}"""
                .formatted(partner.id(), sku, available, Instant.now())));
        http.post().uri("/api/v1/suppliers/{id}/stock", partner.id()).header("X-Api-Key", partner.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[" + String.join(",", levels) + "]}")
                .exchange().expectStatus().is2xxSuccessful();
        stock.forEach((sku, available) -> Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM stock_availability WHERE supplier_id = ? "
                        + "AND supplier_sku = ? AND reported = ?", Integer.class, partner.id(), partner.id() + "-" + sku,
                        available) == 1));
    }

    void control(String supplierId, String path, String body) {
        var request = TestHttp.client().baseUrl(demo.sandbox().controlBaseUrl(supplierId).toString())
                .responseTimeout(Duration.ofSeconds(10)).build();
        if (body == null) {
            request.post().uri(path).exchange().expectStatus().is2xxSuccessful();
        } else {
            request.put().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().is2xxSuccessful();
        }
    }

    /** The sandbox's own record of the orders it holds for a supplier. */
    JsonNode orders(String supplierId) {
        var body = TestHttp.client().baseUrl(demo.sandbox().controlBaseUrl(supplierId).toString())
                .responseTimeout(Duration.ofSeconds(10)).build()
                .get().uri("/orders").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    /** Every reserved unit minus every released one, from the position's history. */
    long reservedUnits(String positionId) {
        Long reserved = jdbc.queryForObject("""
                SELECT coalesce(sum(CASE WHEN payloadtype LIKE '%.StockReservedEvent'
                    THEN (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                    ELSE -(convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int END), 0)
                FROM domainevententry WHERE aggregateidentifier = ?
                  AND (payloadtype LIKE '%.StockReservedEvent' OR payloadtype LIKE '%.StockReleasedEvent')""",
                Long.class, positionId);
        return reserved == null ? 0 : reserved;
    }

    long events(String aggregateId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE ?", Long.class, aggregateId, "%." + type);
    }
}
