package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;

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

    SandboxSuppliers(WebTestClient http, DemoSuppliers demo, JdbcTemplate jdbc) {
        this.http = http;
        this.demo = demo;
        this.jdbc = jdbc;
    }

    /** A partner in Berlin selling the given SKUs (supplier SKU "{id}-{sku}") with the given stock. */
    void register(String id, int priority, Map<String, Integer> stock) {
        register(id, priority, 30, stock);
    }

    void register(String id, int priority, int acceptanceSlaMinutes, Map<String, Integer> stock) {
        register(id, priority, acceptanceSlaMinutes, "5.00", stock);
    }

    void register(String id, int priority, int acceptanceSlaMinutes, String unitCost, Map<String, Integer> stock) {
        register(id, demo.sandbox().partnerBaseUrl(id).toString(), priority, acceptanceSlaMinutes, unitCost, stock);
    }

    /** A partner reached at baseUrl (something in front of the sandbox's partner API, say). */
    void register(String id, String baseUrl, int priority, int acceptanceSlaMinutes, String unitCost,
                  Map<String, Integer> stock) {
        http.put().uri("/api/v1/suppliers/{id}", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name":"%s","connector":{"type":"PARTNER_REST","baseUrl":"%s"},
                         "webhookSecrets":["sandbox-webhook-%s"],"apiSecret":"sandbox-api-%s",
                         "locations":[{"locationId":"main","latitude":52.5,"longitude":13.4,"country":"DE","region":"BE"}],
                         "shipsTo":["DE"],"handlingDays":1,"acceptanceSlaMinutes":%d,"dailyCapacity":10000,
                         "priority":%d,"active":true}""".formatted(id, baseUrl, id, id,
                        acceptanceSlaMinutes, priority))
                .exchange().expectStatus().isOk();
        var items = new ArrayList<String>();
        var levels = new ArrayList<String>();
        stock.forEach((sku, available) -> {
            items.add("""
                    {"sku":"%s","supplierSku":"%s-%s","unitsPerItem":1,"unitCost":%s,"currency":"EUR"}"""
                    .formatted(sku, id, sku, unitCost));
            levels.add("""
                    {"supplierSku":"%s-%s","locationId":"main","available":%d,"asOf":"%s"}"""
                    .formatted(id, sku, available, Instant.now()));
        });
        http.put().uri("/api/v1/suppliers/{id}/catalog", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"items\":[" + String.join(",", items) + "]}")
                .exchange().expectStatus().isOk();
        stock.forEach((sku, available) -> Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM supplier_catalog_item WHERE supplier_id = ? AND sku = ?",
                        Integer.class, id, sku) == 1));
        http.post().uri("/api/v1/suppliers/{id}/stock", id).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[" + String.join(",", levels) + "]}")
                .exchange().expectStatus().is2xxSuccessful();
        stock.forEach((sku, available) -> Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM stock_availability WHERE supplier_id = ? "
                        + "AND supplier_sku = ? AND reported = ?", Integer.class, id, id + "-" + sku, available) == 1));
    }

    void control(String supplierId, String path, String body) {
        var request = WebTestClient.bindToServer().baseUrl(demo.sandbox().controlBaseUrl(supplierId).toString())
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
        var body = WebTestClient.bindToServer().baseUrl(demo.sandbox().controlBaseUrl(supplierId).toString())
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
