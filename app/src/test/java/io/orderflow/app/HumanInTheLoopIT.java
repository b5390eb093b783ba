package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.gateway.port.ApiKeyStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
 * Issue 12 over real HTTP: operators release held orders, assign lines by hand (stock still reserved), retry and
 * cancel backorders; order search pages, filters and keeps retailers apart; the supplier list. Two retailers of its
 * own, so that their routing policies (HOLD, BACKORDER) touch no other test.
 */
class HumanInTheLoopIT extends AppIntegrationTestBase {

    /** hitl-retailer: unroutable lines put the order on hold. */
    static final String HOLD_KEY = "hitl-admin-key";
    /** hitl-bo-retailer: unroutable lines are backordered. */
    static final String BACKORDER_KEY = "hitl-bo-admin-key";
    static final String HOLD_ACTOR = "api-key:hitl-admin";
    static final String BACKORDER_ACTOR = "api-key:hitl-bo-admin";
    static final Set<String> ACCEPTED_OR_LATER = Set.of("ACCEPTED", "IN_FULFILLMENT", "SHIPPED", "DELIVERED");
    private static boolean ready;

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void retailersAndSuppliers() {
        synchronized (HumanInTheLoopIT.class) {
            if (ready) {
                return;
            }
            key(HOLD_KEY, "hitl-admin", "hitl-retailer");
            key(BACKORDER_KEY, "hitl-bo-admin", "hitl-bo-retailer");
            policy(HOLD_KEY, "HOLD");
            policy(BACKORDER_KEY, "BACKORDER");
            supplier(HOLD_KEY, "hitl-a", "DE", Map.of("HITL-1", 0, "HITL-2", 0, "HITL-3", 50));
            supplier(HOLD_KEY, "hitl-b", "NL", Map.of("HITL-2", 1));
            supplier(BACKORDER_KEY, "hitl-c", "DE", Map.of("HITL-BO", 0));
            ready = true;
        }
    }

    @Test
    void aReleasedHoldIsRoutedAgainAndReachesAcceptance() {
        var orderId = place(HOLD_KEY, Map.of("HITL-1", 1));
        awaitStatus(HOLD_KEY, orderId, "ON_HOLD"::equals);
        act(HOLD_KEY, orderId, "hold-release", "{}", UUID.randomUUID().toString()).expectStatus().isBadRequest();
        act(STOREFRONT_KEY, orderId, "hold-release", "{\"reason\":\"x\"}", "k").expectStatus().isForbidden();
        act("dev-admin-key", orderId, "hold-release", "{\"reason\":\"x\"}", UUID.randomUUID().toString())
                .expectStatus().isNotFound();

        report("hitl-a", HOLD_KEY, "HITL-1", 5);
        var key = UUID.randomUUID().toString();
        var first = body(act(HOLD_KEY, orderId, "hold-release", "{\"reason\":\"restocked\"}", key)
                .expectStatus().isAccepted());
        assertThat(first.path("outcome").asString()).isEqualTo("HOLD_RELEASED");
        var replay = body(act(HOLD_KEY, orderId, "hold-release", "{\"reason\":\"restocked\"}", key)
                .expectStatus().isAccepted());
        assertThat(replay).isEqualTo(first);
        act(HOLD_KEY, orderId, "hold-release", "{\"reason\":\"other\"}", key).expectStatus().isEqualTo(422);

        var view = awaitStatus(HOLD_KEY, orderId, ACCEPTED_OR_LATER::contains);
        assertThat(view.path("lines").get(0).path("supplierId").asString()).isEqualTo("hitl-a");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(timelineText(HOLD_KEY, orderId, "OrderHoldReleased"))
                        .contains("Released from hold by " + HOLD_ACTOR + ": restocked"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND "
                + "payloadtype LIKE '%.OrderHoldReleasedEvent'", Integer.class, orderId)).isEqualTo(1);

        var conflict = body(act(HOLD_KEY, orderId, "hold-release", "{\"reason\":\"again\"}",
                UUID.randomUUID().toString()).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON));
        assertThat(conflict.path("detail").asString()).contains("not on hold");
    }

    @Test
    void aManualAllocationReservesStockAndSaysWhoChoseIt() {
        var orderId = place(HOLD_KEY, Map.of("HITL-2", 1));
        awaitStatus(HOLD_KEY, orderId, "ON_HOLD"::equals);
        var reason = "customer agreed to a parcel from the Netherlands";
        act(HOLD_KEY, orderId, "manual-allocation", allocation("hitl-b", "nowhere", reason),
                UUID.randomUUID().toString()).expectStatus().isEqualTo(422);

        act(HOLD_KEY, orderId, "manual-allocation", allocation("HITL-B", "main", reason), UUID.randomUUID().toString())
                .expectStatus().isAccepted();

        var view = awaitStatus(HOLD_KEY, orderId, status -> !status.equals("ON_HOLD"));
        assertThat(view.path("lines").get(0).path("supplierId").asString()).isEqualTo("hitl-b");
        awaitStatus(HOLD_KEY, orderId, ACCEPTED_OR_LATER::contains);
        assertThat(jdbc.queryForObject("SELECT explanation ->> 'decision' FROM routing_decision WHERE order_id = ?",
                String.class, orderId)).isEqualTo("assigned by " + HOLD_ACTOR + ": " + reason);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(timelineText(HOLD_KEY, orderId, "SupplierSelected"))
                        .contains("assigned by " + HOLD_ACTOR + ": " + reason));
        // the one unit hitl-b had is this order's now
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT available FROM stock_availability WHERE position_id = 'hitl-b/main/hitl-b-HITL-2'",
                Integer.class) == 0);

        var second = place(HOLD_KEY, Map.of("HITL-2", 1));
        awaitStatus(HOLD_KEY, second, "ON_HOLD"::equals);
        var noStock = body(act(HOLD_KEY, second, "manual-allocation", allocation("hitl-b", "main", reason),
                UUID.randomUUID().toString()).expectStatus().isEqualTo(409));
        assertThat(noStock.path("detail").asString()).contains("not enough stock");
        assertThat(view(second, HOLD_KEY).path("status").asString()).isEqualTo("ON_HOLD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%.StockReservedEvent'", Integer.class, "hitl-b/main/hitl-b-HITL-2")).isEqualTo(1);

        act(HOLD_KEY, orderId, "manual-allocation", allocation("hitl-a", "main", reason), UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409);
    }

    @Test
    void aBackorderCanBeRetriedAndThenCancelled() {
        var orderId = place(BACKORDER_KEY, Map.of("HITL-BO", 1));
        awaitStatus(BACKORDER_KEY, orderId, "BACKORDERED"::equals);
        act(BACKORDER_KEY, orderId, "hold-release", "{\"reason\":\"x\"}", UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409);

        act(BACKORDER_KEY, orderId, "backorder-retry", "{\"reason\":\"supplier says it is in\"}",
                UUID.randomUUID().toString()).expectStatus().isAccepted();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(timelineText(BACKORDER_KEY, orderId, "BackorderRetryRequested"))
                        .contains("at the request of " + BACKORDER_ACTOR + ": supplier says it is in"));
        assertThat(view(orderId, BACKORDER_KEY).path("status").asString()).isEqualTo("BACKORDERED");

        act(BACKORDER_KEY, orderId, "backorder-cancellation", "{\"reason\":\"discontinued\"}",
                UUID.randomUUID().toString()).expectStatus().isAccepted();
        awaitStatus(BACKORDER_KEY, orderId, "CANCELLED"::equals);
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(timelineText(BACKORDER_KEY, orderId, "OrderLinesCancelled"))
                        .contains("backorder cancelled by " + BACKORDER_ACTOR + ": discontinued"));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM backordered_line WHERE order_id = ?", Integer.class, orderId) == 0);
        act(BACKORDER_KEY, orderId, "backorder-cancellation", "{\"reason\":\"again\"}", UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409);
        act(BACKORDER_KEY, orderId, "backorder-retry", "{\"reason\":\"again\"}", UUID.randomUUID().toString())
                .expectStatus().isEqualTo(409);
    }

    @Test
    void searchPagesThroughTheRetailersOrdersNewestFirst() {
        var sku = "HITL-SEARCH-" + UUID.randomUUID().toString().substring(0, 8);
        var placed = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            placed.add(place(BACKORDER_KEY, Map.of(sku, 1)));
        }
        placed.forEach(id -> awaitStatus(BACKORDER_KEY, id, "BACKORDERED"::equals));

        var seen = new ArrayList<String>();
        var placedAts = new ArrayList<Instant>();
        String cursor = null;
        int pages = 0;
        do {
            var page = search(BACKORDER_KEY, "sku=" + sku + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            page.path("items").forEach(item -> {
                seen.add(item.path("orderId").asString());
                placedAts.add(Instant.parse(item.path("placedAt").asString()));
                assertThat(item.path("trackingUrl").asString()).isNotBlank();
            });
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(placed).doesNotHaveDuplicates();
        assertThat(placedAts).isSortedAccordingTo((a, b) -> b.compareTo(a));

        assertThat(search(BACKORDER_KEY, "sku=" + sku + "&status=BACKORDERED").path("items").size()).isEqualTo(5);
        assertThat(search(BACKORDER_KEY, "sku=" + sku + "&status=DELIVERED").path("items").size()).isZero();
        assertThat(search(BACKORDER_KEY, "sku=" + sku + "&placedFrom=" + placedAts.getLast() + "&placedTo="
                + placedAts.getFirst()).path("items").size()).isEqualTo(4);
        assertThat(search(BACKORDER_KEY, "sku=" + sku + "&placedFrom=" + Instant.now().plusSeconds(3600))
                .path("items").size()).isZero();
        // another retailer's key finds none of them
        assertThat(search(STOREFRONT_KEY, "sku=" + sku).path("items").size()).isZero();
        assertThat(search(HOLD_KEY, "sku=" + sku).path("items").size()).isZero();

        var routed = place(HOLD_KEY, Map.of("HITL-3", 1));
        awaitStatus(HOLD_KEY, routed, status -> !Set.of("PLACED", "ROUTING").contains(status));
        assertThat(ids(search(HOLD_KEY, "supplierId=HITL-A&sku=HITL-3"))).contains(routed);
        assertThat(ids(search(HOLD_KEY, "supplierId=hitl-b&sku=HITL-3"))).doesNotContain(routed);
        var held = place(HOLD_KEY, Map.of(sku, 1));
        awaitStatus(HOLD_KEY, held, "ON_HOLD"::equals);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                ids(search(HOLD_KEY, "atRisk=true&sku=" + sku)).equals(List.of(held)));
        assertThat(ids(search(BACKORDER_KEY, "atRisk=true&sku=" + sku))).isEmpty();
    }

    @Test
    void searchRefusesParametersItCannotTake() {
        for (var query : List.of("status=LOST", "limit=0", "limit=201", "limit=ten", "limit=2.5", "cursor=not-ours",
                "placedFrom=yesterday", "placedFrom=2026-12-02T00:00:00Z&placedTo=2026-12-01T00:00:00Z",
                "placedTo=%2B1000000-01-01T00:00:00Z", "atRisk=yes", "stauts=ON_HOLD", "limit=1&limit=2",
                "sku=" + "x".repeat(101))) {
            var problem = body(http().get().uri("/api/v1/orders?" + query).header("X-Api-Key", HOLD_KEY).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON));
            assertThat(problem.path("errors").size()).as(query).isPositive();
        }
    }

    @Test
    void theSupplierListShowsCircuitsAndScorecardsOfTheRetailersSuppliersOnly() {
        var list = body(http().get().uri("/api/v1/suppliers").header("X-Api-Key", HOLD_KEY).exchange()
                .expectStatus().isOk());
        var ids = new HashSet<String>();
        list.forEach(s -> {
            ids.add(s.path("supplierId").asString());
            assertThat(s.path("circuit").asString()).isIn("CLOSED", "OPEN", "HALF_OPEN");
            assertThat(s.path("scorecard").has("acceptanceRate")).isTrue();
            assertThat(s.path("scorecard").path("decided").isNumber()).isTrue();
        });
        assertThat(ids).contains("hitl-a", "hitl-b").doesNotContain("hitl-c", "berlin-gear");
        http().get().uri("/api/v1/suppliers").header("X-Api-Key", STOREFRONT_KEY).exchange()
                .expectStatus().isForbidden();
    }

    // ---- helpers ----

    void key(String key, String name, String retailer) {
        jdbc.update("""
                INSERT INTO api_key (key_hash, name, retailer_id, scopes) VALUES (?, ?, ?,
                ARRAY['admin', 'orders:read', 'orders:write']) ON CONFLICT DO NOTHING""",
                ApiKeyStore.sha256Hex(key), name, retailer);
    }

    void policy(String key, String unroutable) {
        http().put().uri("/api/v1/routing-policy").header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"maxSuppliersPerOrder":1,"maxRerouteAttempts":1,"unroutable":"%s",
                         "weights":{"proximity":1,"cost":1,"priority":1,"promise":1,"reliability":1,"stock":1}}"""
                        .formatted(unroutable))
                .exchange().expectStatus().isOk();
        var retailer = key.equals(HOLD_KEY) ? "hitl-retailer" : "hitl-bo-retailer";
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT 1 FROM routing_policy WHERE retailer_id = ? AND unroutable = ?", retailer, unroutable).size() == 1);
    }

    void supplier(String key, String id, String shipsTo, Map<String, Integer> stock) {
        http().put().uri("/api/v1/suppliers/{id}", id).header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"name":"%s","connector":{"type":"PARTNER_REST","baseUrl":"%s"},
                         "webhookSecrets":["sandbox-webhook-%s"],"apiSecret":"sandbox-api-%s",
                         "locations":[{"locationId":"main","latitude":52.5,"longitude":13.4,"country":"DE","region":"BE"}],
                         "shipsTo":["%s"],"handlingDays":1,"acceptanceSlaMinutes":30,"dailyCapacity":10000,
                         "priority":1,"active":true}""".formatted(id, demo.sandbox().partnerBaseUrl(id), id, id, shipsTo))
                .exchange().expectStatus().isOk();
        var items = new ArrayList<String>();
        stock.keySet().forEach(sku -> items.add("""
                {"sku":"%s","supplierSku":"%s-%s","unitsPerItem":1,"unitCost":5.00,"currency":"EUR"}"""
                .formatted(sku, id, sku)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForList(
                "SELECT 1 FROM supplier WHERE supplier_id = ?", id).size() == 1);
        http().put().uri("/api/v1/suppliers/{id}/catalog", id).header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"items\":[" + String.join(",", items) + "]}")
                .exchange().expectStatus().isOk();
        stock.forEach((sku, available) -> Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                jdbc.queryForObject("SELECT count(*) FROM supplier_catalog_item WHERE supplier_id = ? AND sku = ?",
                        Integer.class, id, sku) == 1));
        stock.forEach((sku, available) -> report(id, key, sku, available));
    }

    void report(String supplierId, String key, String sku, int available) {
        http().post().uri("/api/v1/suppliers/{id}/stock", supplierId).header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"levels":[{"supplierSku":"%s-%s","locationId":"main","available":%d,"asOf":"%s"}]}"""
                        .formatted(supplierId, sku, available, Instant.now()))
                .exchange().expectStatus().is2xxSuccessful();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM stock_availability WHERE supplier_id = ? AND supplier_sku = ? AND reported = ?",
                Integer.class, supplierId, supplierId + "-" + sku, available) == 1);
    }

    String place(String key, Map<String, Integer> skus) {
        var response = http().post().uri("/api/v1/orders").header("X-Api-Key", key)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(orderBody(unique("hitl"), "DE", skus))
                .exchange().expectStatus().isCreated();
        return body(response).path("orderId").asString();
    }

    WebTestClient.ResponseSpec act(String key, String orderId, String action, String body, String idempotencyKey) {
        return http().post().uri("/api/v1/orders/{id}/" + action, orderId).header("X-Api-Key", key)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static String allocation(String supplierId, String locationId, String reason) {
        return """
                {"supplierId":"%s","locationId":"%s","lines":[{"lineId":"L1"}],"reason":"%s"}"""
                .formatted(supplierId, locationId, reason);
    }

    JsonNode search(String key, String query) {
        return body(http().get().uri("/api/v1/orders?" + query).header("X-Api-Key", key).exchange()
                .expectStatus().isOk());
    }

    static List<String> ids(JsonNode page) {
        var ids = new ArrayList<String>();
        page.path("items").forEach(item -> ids.add(item.path("orderId").asString()));
        return ids;
    }

    String timelineText(String key, String orderId, String type) {
        var texts = new ArrayList<String>();
        body(http().get().uri("/api/v1/orders/{id}/timeline", orderId).header("X-Api-Key", key).exchange()
                .expectStatus().isOk()).forEach(e -> {
            if (e.path("type").asString().equals(type)) {
                texts.add(e.path("text").asString());
            }
        });
        return String.join("\n", texts);
    }

    static JsonNode body(WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
    }
}
