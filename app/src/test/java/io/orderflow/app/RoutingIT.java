package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Routing over real HTTP: splits, preview, overselling under concurrency, backorders routed when stock comes. */
class RoutingIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final Set<String> UNSETTLED = Set.of("PLACED", "ROUTING");

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    /** A sandbox partner registered through the admin API, selling the given SKUs with the given stock. */
    void supplier(String id, String country, double lat, double lon, int priority, Map<String, Integer> stock) {
        sandbox().register(partner(id, country, lat, lon, priority), stock);
    }

    void register(String id, String country, double lat, double lon, int priority, boolean active) {
        sandbox().register(partner(id, country, lat, lon, priority).active(active));
    }

    SandboxSuppliers.Partner partner(String id, String country, double lat, double lon, int priority) {
        return sandbox().partner(id).at(country, lat, lon).shippingTo("DE", "NL", "FR").priority(priority);
    }

    SandboxSuppliers sandbox() {
        return new SandboxSuppliers(http(), demo, jdbc);
    }

    JsonNode timeline(String orderId) {
        return JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    String timelineText(String orderId, String type) {
        var texts = new ArrayList<String>();
        timeline(orderId).forEach(e -> {
            if (e.path("type").asString().equals(type)) {
                texts.add(e.path("text").asString());
            }
        });
        return String.join("\n", texts);
    }

    void report(String supplierId, List<String> levels) {
        http().post().uri("/api/v1/suppliers/{id}/stock", supplierId).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[" + String.join(",", levels) + "]}")
                .exchange().expectStatus().is2xxSuccessful();
    }

    List<JsonNode> settle(List<String> orderIds) {
        return orderIds.stream()
                .map(id -> awaitView(id, v -> !UNSETTLED.contains(v.path("status").asString()), Duration.ofSeconds(90)))
                .toList();
    }

    List<String> placeConcurrently(List<String> bodies) {
        return Flux.fromIterable(bodies)
                .flatMap(body -> Mono.fromCallable(() -> place(body).path("orderId").asString())
                        .subscribeOn(Schedulers.boundedElastic()), 32)
                .collectList().block(Duration.ofSeconds(120));
    }

    long events(String aggregateId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE ?", Long.class, aggregateId, "%." + type);
    }

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

    @Test
    void anOrderOnlyTwoSuppliersCanServeTogetherIsSplitInTwo() {
        supplier("split-a", "DE", 52.5, 13.4, 1, Map.of("SPLIT-A", 50));
        supplier("split-b", "DE", 48.1, 11.6, 1, Map.of("SPLIT-B", 50));

        var orderId = place(orderBody(unique("split"), "DE", Map.of("SPLIT-A", 1, "SPLIT-B", 2))).path("orderId")
                .asString();
        var view = awaitView(orderId, v -> v.path("allocations").size() == 2, Duration.ofSeconds(30));

        assertThat(view.path("lines")).extracting(l -> l.path("sku").asString() + "@" + l.path("supplierId").asString())
                .containsExactlyInAnyOrder("SPLIT-A@split-a", "SPLIT-B@split-b");
        // the timeline and routing decisions are read models of their own, a moment behind the view
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var timeline = JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            var selections = new ArrayList<String>();
            timeline.forEach(e -> {
                if (e.path("type").asString().equals("SupplierSelected")) {
                    selections.add(e.path("text").asString());
                }
            });
            assertThat(selections).hasSize(2);
            assertThat(String.join(" ", selections)).contains("split-a").contains("split-b").contains("split");
            var explanations = jdbc.queryForList("SELECT explanation::text FROM routing_decision WHERE order_id = ?",
                    String.class, orderId);
            assertThat(explanations).hasSize(2)
                    .allSatisfy(e -> assertThat(JSON.readTree(e).path("candidates").size()).isGreaterThanOrEqualTo(2));
        });
    }

    @Test
    void previewShowsThePlanThatRoutingThenChooses() {
        var body = orderBody(unique("preview"), "FR", Map.of("TSHIRT-BLACK-M", 1, "MUG-LOGO", 2));
        var preview = JSON.readTree(http().post().uri("/api/v1/routing/preview").header("X-Api-Key", STOREFRONT_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(preview.path("plan").size()).isPositive();
        assertThat(preview.path("explanation").path("candidates").size()).isGreaterThanOrEqualTo(2);

        var orderId = place(body).path("orderId").asString();
        var view = awaitView(orderId, v -> !UNSETTLED.contains(v.path("status").asString()), Duration.ofSeconds(30));

        Map<String, String> planned = new HashMap<>();
        preview.path("plan").forEach(a -> a.path("lines").forEach(l ->
                planned.put(l.path("lineId").asString(), a.path("supplierId").asString() + "@" + a.path("locationId").asString())));
        Map<String, String> routed = new HashMap<>();
        view.path("allocations").forEach(a -> view.path("lines").forEach(l -> {
            if (a.path("supplierId").asString().equals(l.path("supplierId").asString())) {
                routed.put(l.path("lineId").asString(), a.path("supplierId").asString() + "@" + a.path("locationId").asString());
            }
        }));
        assertThat(routed).isEqualTo(planned);
    }

    @Test
    void twoHundredConcurrentOrdersForTenPiecesAllocateExactlyTen() {
        supplier("over-1", "DE", 52.5, 13.4, 1, Map.of("OVERSELL-1", 10));
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 200; i++) {
            bodies.add(orderBody(unique("oversell"), "DE", Map.of("OVERSELL-1", 1)));
        }

        var statuses = settle(placeConcurrently(bodies)).stream().map(v -> v.path("status").asString()).toList();

        assertThat(statuses.stream().filter(s -> !s.equals("BACKORDERED")).count()).isEqualTo(10);
        assertThat(statuses.stream().filter("BACKORDERED"::equals).count()).isEqualTo(190);
        var position = "over-1/main/over-1-OVERSELL-1";
        assertThat(reservedUnits(position)).isEqualTo(10);
        var view = JSON.readTree(http().get().uri("/api/v1/inventory?sku=OVERSELL-1").header("X-Api-Key", STOREFRONT_KEY)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(view).singleElement().satisfies(p -> {
            assertThat(p.path("reserved").asInt() + p.path("committed").asInt()).isEqualTo(10);
            assertThat(p.path("available").asInt()).isZero();
        });
    }

    @Test
    void concurrentOrdersOfMixedQuantitiesNeverOversellAnySource() {
        supplier("over-2", "DE", 52.5, 13.4, 1, Map.of("OVERSELL-MIX", 7));
        supplier("over-3", "NL", 51.9, 4.5, 2, Map.of("OVERSELL-MIX", 5));
        var random = new Random(42);
        var bodies = new ArrayList<String>();
        for (int i = 0; i < 60; i++) {
            bodies.add(orderBody(unique("mix"), "DE", Map.of("OVERSELL-MIX", 1 + random.nextInt(3))));
        }

        var views = settle(placeConcurrently(bodies));

        long allocatedUnits = views.stream().filter(v -> !v.path("status").asString().equals("BACKORDERED"))
                .mapToLong(v -> v.path("lines").path(0).path("quantity").asInt()).sum();
        long reserved2 = reservedUnits("over-2/main/over-2-OVERSELL-MIX");
        long reserved3 = reservedUnits("over-3/main/over-3-OVERSELL-MIX");
        assertThat(reserved2).isLessThanOrEqualTo(7);
        assertThat(reserved3).isLessThanOrEqualTo(5);
        assertThat(allocatedUnits).isEqualTo(reserved2 + reserved3);
        assertThat(reserved2 + reserved3).isGreaterThanOrEqualTo(10);
        assertThat(views).allSatisfy(v -> assertThat(v.path("status").asString())
                .isIn("BACKORDERED", "AWAITING_SUPPLIER", "ACCEPTED", "IN_FULFILLMENT", "SHIPPED", "DELIVERED"));
    }

    @Test
    void aBackorderedLineIsRoutedOnceStockIsReported() {
        supplier("bo-1", "DE", 52.5, 13.4, 1, Map.of("BACKORDER-1", 0));
        var orderId = place(orderBody(unique("backorder"), "DE", Map.of("BACKORDER-1", 2))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("BACKORDERED"), Duration.ofSeconds(30));

        report("bo-1", List.of("""
                {"supplierSku":"bo-1-BACKORDER-1","locationId":"main","available":3,"asOf":"%s"}"""
                .formatted(Instant.now())));

        var routed = awaitView(orderId, v -> !Set.of("BACKORDERED", "ROUTING").contains(v.path("status").asString()),
                Duration.ofSeconds(30));
        assertThat(routed.path("lines").path(0).path("supplierId").asString()).isEqualTo("bo-1");
        assertThat(events(orderId, "SupplierSelectedEvent")).isEqualTo(1);
    }

    @Test
    void aBackorderIsRoutedAsSoonAsItsSupplierIsActiveAgainWithoutAnyStockReport() {
        supplier("bo-2", "DE", 52.5, 13.4, 1, Map.of("BACKORDER-PAUSED", 5));
        register("bo-2", "DE", 52.5, 13.4, 1, false);
        var body = orderBody(unique("paused"), "DE", Map.of("BACKORDER-PAUSED", 2));
        // routing keeps the directory in memory until it hears of the change
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> candidate(JSON.readTree(http().post()
                .uri("/api/v1/routing/preview").header("X-Api-Key", STOREFRONT_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).path("explanation"), "bo-2")
                .path("reasons").toString().contains("supplier is paused"));
        var orderId = place(body).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("BACKORDERED"), Duration.ofSeconds(30));
        // the timeline names the supplier and why it could not take the line, as the preview does
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(timelineText(orderId, "OrderLinesBackordered"))
                        .contains("line L1: no source can serve it: bo-2 at main: supplier is paused")
                        .contains("no catalog entry for BACKORDER-PAUSED at ")
                        .doesNotContain("1 unavailable"));
        var position = "bo-2/main/bo-2-BACKORDER-PAUSED";
        long stockReports = events(position, "StockLevelReportedEvent") + events(position, "StockDeltaAppliedEvent");

        long reactivated = System.nanoTime();
        register("bo-2", "DE", 52.5, 13.4, 1, true);

        var routed = awaitView(orderId, v -> !Set.of("BACKORDERED", "ROUTING").contains(v.path("status").asString()),
                Duration.ofSeconds(15));
        assertThat(Duration.ofNanos(System.nanoTime() - reactivated)).isLessThan(Duration.ofSeconds(15));
        assertThat(routed.path("lines").path(0).path("supplierId").asString()).isEqualTo("bo-2");
        assertThat(events(orderId, "SupplierSelectedEvent")).isEqualTo(1);
        assertThat(events(position, "StockLevelReportedEvent") + events(position, "StockDeltaAppliedEvent"))
                .as("no stock was reported in between").isEqualTo(stockReports);
    }

    @Test
    void theExplanationListsEverySupplierOfTheRetailerEvenThoseSellingNoneOfTheSkus() {
        var suppliers = jdbc.queryForList("SELECT supplier_id FROM supplier WHERE retailer_id = 'demo-retailer'",
                String.class);
        var body = orderBody(unique("everyone"), "FR", Map.of("TSHIRT-BLACK-M", 1));
        var preview = JSON.readTree(http().post().uri("/api/v1/routing/preview").header("X-Api-Key", STOREFRONT_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());

        assertThat(suppliersIn(preview.path("explanation"))).containsExactlyInAnyOrderElementsOf(suppliers);
        assertThat(candidate(preview.path("explanation"), "amsterdam-shop").path("reasons").toString())
                .isEqualTo("[\"no catalog entry for TSHIRT-BLACK-M\"]");

        var orderId = place(body).path("orderId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var stored = jdbc.queryForList("SELECT explanation::text FROM routing_decision WHERE order_id = ?",
                    String.class, orderId);
            assertThat(stored).isNotEmpty().allSatisfy(e -> {
                var explanation = JSON.readTree(e);
                assertThat(suppliersIn(explanation)).containsAll(suppliers);
                assertThat(candidate(explanation, "amsterdam-shop").path("eligible").asBoolean()).isFalse();
            });
        });
    }

    static Set<String> suppliersIn(JsonNode explanation) {
        var ids = new java.util.TreeSet<String>();
        explanation.path("candidates").forEach(c -> ids.add(c.path("supplierId").asString()));
        return ids;
    }

    static JsonNode candidate(JsonNode explanation, String supplierId) {
        for (var c : explanation.path("candidates")) {
            if (c.path("supplierId").asString().equals(supplierId)) {
                return c;
            }
        }
        throw new AssertionError(supplierId + " is not a candidate: " + explanation);
    }
}
