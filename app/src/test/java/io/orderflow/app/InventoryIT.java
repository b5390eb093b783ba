package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.command.port.StockAvailability;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.stock.CommitmentsSettledEvent;
import io.orderflow.coreapi.stock.CommittedStockReleasedEvent;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.stock.SafetyStockSetEvent;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;
import io.orderflow.coreapi.stock.StockSettledEvent;
import io.orderflow.gateway.port.ApiKeyStore;
import io.orderflow.infra.inventory.InventoryReconciliation;
import io.orderflow.infra.kafka.ReactiveKafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock reaches StockPositions by hand, by the Kafka feed, by webhook and by reconciliation; the inventory view
 * always agrees with the positions' event history.
 */
class InventoryIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String OTHER_RETAILER_ADMIN_KEY = "it-other-retailer-admin-key";
    static final String SUPPLIER = "berlin-gear";
    static final String LOCATION = "berlin";
    static final String FEED_TOPIC = "orderflow.inventory-levels";
    static final Duration VIEW_WAIT = Duration.ofSeconds(10);

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReactiveKafka kafka;
    @Autowired
    CommandGateway commands;
    @Autowired
    StockAvailability stockAvailability;
    @Autowired
    InventoryReconciliation reconciliation;
    @Autowired
    DemoSuppliers demo;

    @Test
    void aStockReportOlderThanTheLastAppliedOneChangesNothing() {
        var sku = unique("IT-STALE");
        var now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        var first = report(ADMIN_KEY, SUPPLIER, level(sku, 7, now)).expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(JSON.readTree(first).path("levels").path(0).path("outcome").asString()).isEqualTo("APPLIED");
        var older = report(ADMIN_KEY, SUPPLIER, level(sku, 99, now.minusSeconds(3600)) + "," + level(sku, 98, now))
                .expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
        var answer = JSON.readTree(older);
        assertThat(answer.path("applied").asInt()).isZero();
        assertThat(answer.path("stale").asInt()).isEqualTo(2);

        var position = position(sku);
        var row = awaitViewAgreesWithHistory(position);
        assertThat(row.reported()).isEqualTo(7);
        assertThat(row.reportedAt()).isEqualTo(now);
        assertThat(eventTypes(position)).containsExactly("StockLevelReportedEvent");
    }

    @Test
    void aDeltaDeliveredTwiceAppliesOnceAndAMalformedMessageIsSkipped() {
        var sku = unique("IT-FEED");
        var position = position(sku);
        var t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        var delta = feed("DELTA", sku, "\"delta\":-3", t.plusSeconds(1), "m-" + UUID.randomUUID());
        // one key, so one partition: the last message is processed after every earlier one
        for (var message : List.of(feed("LEVEL", sku, "\"available\":10", t, "l-1"), delta, delta,
                "{\"messageId\": 12, \"type\": ", feed("DELTA", sku, "\"delta\":2.5", t.plusSeconds(2), "m-bad"),
                feed("DELTA", sku, "\"delta\":1", t.plusSeconds(3), "m-last"))) {
            kafka.send(FEED_TOPIC, position.value(), message.getBytes(StandardCharsets.UTF_8), Map.of())
                    .block(Duration.ofSeconds(10));
        }

        Awaitility.await().atMost(VIEW_WAIT).until(() -> eventTypes(position).size() == 3);
        var row = awaitViewAgreesWithHistory(position);
        assertThat(row.reported()).isEqualTo(8);
        assertThat(eventTypes(position))
                .containsExactly("StockLevelReportedEvent", "StockDeltaAppliedEvent", "StockDeltaAppliedEvent");
    }

    @Test
    void theInventoryViewAgreesWithTheEventHistoryAfterOrdersReserveStock() {
        // MUG-LOGO is sold by berlin-gear and lyon-outfitters (demo seed)
        var positions = new ArrayList<StockPositionId>();
        inventory(ADMIN_KEY, "MUG-LOGO").forEach(v -> positions.add(StockPositionId.of(
                new SupplierId(v.path("supplierId").asString()), v.path("locationId").asString(),
                v.path("supplierSku").asString())));
        assertThat(positions).hasSizeGreaterThanOrEqualTo(2);
        int promisedBefore = positions.stream().map(this::awaitViewAgreesWithHistory)
                .mapToInt(row -> row.reserved() + row.committed()).sum();

        var orderIds = Flux.range(0, 3)
                .flatMap(i -> Mono.fromCallable(() -> place(orderBody(unique("mugs"), "DE",
                                Map.of("MUG-LOGO", 1))).path("orderId").asString())
                        .subscribeOn(Schedulers.boundedElastic()), 3)
                .collectList().block(Duration.ofSeconds(30));
        orderIds.forEach(id -> awaitView(id, v -> !Set.of("PLACED", "ROUTING").contains(v.path("status").asString()),
                Duration.ofSeconds(20)));

        var rows = positions.stream().map(this::awaitViewAgreesWithHistory).toList();
        assertThat(rows.stream().mapToInt(row -> row.reserved() + row.committed()).sum())
                .isGreaterThanOrEqualTo(promisedBefore + 3);
        var first = positions.getFirst();
        assertThat(stockAvailability.availableToPromise(List.of(first, position("NEVER-REPORTED")))).containsOnlyKeys(first);
        // orders move on (acceptance may commit their stock): compare snapshots until one holds still
        Awaitility.await().atMost(VIEW_WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(stockAvailability.availableToPromise(List.of(first)).get(first))
                    .isEqualTo(expectedAvailable(fold(first)));
            for (var view : inventory(ADMIN_KEY, "MUG-LOGO")) {
                var expected = fold(StockPositionId.of(new SupplierId(view.path("supplierId").asString()),
                        view.path("locationId").asString(), view.path("supplierSku").asString()));
                assertThat(view.path("sku").asString()).isEqualTo("MUG-LOGO");
                assertThat(view.path("unitsPerItem").asInt()).isEqualTo(1);
                assertThat(view.path("reported").asInt()).isEqualTo(expected.reported());
                assertThat(view.path("reserved").asInt()).isEqualTo(expected.reserved());
                assertThat(view.path("committed").asInt()).isEqualTo(expected.committed());
                assertThat(view.path("safetyStock").asInt()).isEqualTo(expected.safetyStock());
                assertThat(view.path("available").asInt()).isEqualTo(expectedAvailable(expected));
                assertThat(Instant.parse(view.path("reportedAt").asString())).isEqualTo(expected.reportedAt());
            }
        });
    }

    static int expectedAvailable(Row row) {
        return row.reported() - row.reserved() - row.committed() - row.safetyStock();
    }

    @Test
    void commitAndSettleMoveStockThroughTheViewAsThroughTheHistory() {
        var sku = unique("IT-COMMIT");
        var position = position(sku);
        var t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
        report(ADMIN_KEY, SUPPLIER, """
                {"supplierSku":"%s","locationId":"%s","available":10,"asOf":"%s","safetyStock":1}"""
                .formatted(sku, LOCATION, t)).expectStatus().isAccepted();
        var order = new OrderId(UUID.randomUUID().toString());
        assertThat((ReservationOutcome) commands.sendAndWait(new ReserveStockCommand(position, order, "L1", 4)))
                .isEqualTo(ReservationOutcome.RESERVED);
        commands.sendAndWait(new ReserveStockCommand(position, order, "L2", 2));
        commands.sendAndWait(new CommitStockCommand(position, order, "L1", t.plusSeconds(10)));
        var committed = awaitViewAgreesWithHistory(position);
        assertThat(committed).isEqualTo(new Row(10, 2, 4, 1, t));
        assertThat(availableOf(position)).isEqualTo(3);

        // the supplier's next level includes the accepted line: its commitment settles
        report(ADMIN_KEY, SUPPLIER, level(sku, 6, t.plusSeconds(20))).expectStatus().isAccepted();
        var settled = awaitViewAgreesWithHistory(position);
        assertThat(settled).isEqualTo(new Row(6, 2, 0, 1, t.plusSeconds(20)));
        assertThat(eventTypes(position)).contains("CommitmentsSettledEvent");
    }

    @Test
    void reconciliationReportsTheSuppliersLevelsAndRecordsDrift() {
        var sku = unique("IT-RECON");
        var position = position(sku);
        report(ADMIN_KEY, SUPPLIER, level(sku, 40, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(600))).expectStatus().isAccepted();
        awaitViewAgreesWithHistory(position);
        TestHttp.client().build()
                .put().uri(demo.sandbox().controlBaseUrl(SUPPLIER) + "/stock")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"levels":[{"supplierSku":"%s","locationId":"%s","available":42}]}""".formatted(sku, LOCATION))
                .exchange().expectStatus().is2xxSuccessful();

        var result = reconciliation.reconcile(SUPPLIER);
        assertThat(result.suppliers()).isEqualTo(1);
        assertThat(result.failedSuppliers()).isZero();
        assertThat(result.drifted()).isGreaterThanOrEqualTo(1);
        var drift = jdbc.queryForMap("SELECT ours, theirs, outcome FROM stock_drift WHERE supplier_sku = ?", sku);
        assertThat(drift).containsEntry("ours", 40).containsEntry("theirs", 42).containsEntry("outcome", "APPLIED");
        assertThat(awaitViewAgreesWithHistory(position).reported()).isEqualTo(42);

        // asked again, the supplier says nothing new: no second report, no new drift
        reconciliation.reconcile(SUPPLIER);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM stock_drift WHERE supplier_sku = ?", Integer.class, sku))
                .isEqualTo(1);
        assertThat(eventTypes(position)).containsExactly("StockLevelReportedEvent", "StockLevelReportedEvent");
    }

    @Test
    void anInventoryWebhookReportsALevel() {
        var sku = unique("IT-HOOK");
        var asOf = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var body = """
                {"eventId":"%s","type":"inventory.updated","occurredAt":"%s",
                 "data":{"supplierSku":"%s","locationId":"%s","available":5,"asOf":"%s"}}"""
                .formatted(UUID.randomUUID(), asOf, sku, LOCATION, asOf);
        http().post().uri("/webhooks/partner/{supplier}", SUPPLIER)
                .header("X-Orderflow-Signature", PartnerWebhookIT.signature("sandbox-webhook-" + SUPPLIER, body))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk();
        Awaitility.await().atMost(VIEW_WAIT).until(() -> !eventTypes(position(sku)).isEmpty());
        assertThat(awaitViewAgreesWithHistory(position(sku)).reported()).isEqualTo(5);
    }

    @Test
    void manualReportsAreValidatedAndEveryRetailerSeesOnlyItsOwnStock() {
        var sku = unique("IT-SCOPE");
        var now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        report(ADMIN_KEY, SUPPLIER, level(sku, 1, now) + ",{\"supplierSku\":\"x\",\"locationId\":\"nowhere\","
                + "\"available\":2.5,\"asOf\":\"" + now.plus(Duration.ofDays(1)) + "\"}")
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'levels[1].available')]").exists()
                .jsonPath("$.errors[?(@.field == 'levels[1].locationId')]").exists()
                .jsonPath("$.errors[?(@.field == 'levels[1].asOf')]").exists();
        report(ADMIN_KEY, SUPPLIER, "{\"supplierSku\":\"x\",\"locationId\":\"berlin\",\"available\":-1}")
                .expectStatus().isBadRequest();
        http().post().uri("/api/v1/suppliers/{id}/stock", SUPPLIER).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"levels\": \"many\"}")
                .exchange().expectStatus().isBadRequest();
        report(STOREFRONT_KEY, SUPPLIER, level(sku, 1, now)).expectStatus().isForbidden();
        report(ADMIN_KEY, "no-such-supplier", level(sku, 1, now)).expectStatus().isNotFound();
        assertThat(eventTypes(position(sku))).isEmpty();

        jdbc.update("""
                INSERT INTO api_key (key_hash, name, retailer_id, scopes) VALUES (?, 'it-other-admin', 'it-other-retailer',
                ARRAY['admin', 'orders:read']) ON CONFLICT DO NOTHING""", ApiKeyStore.sha256Hex(OTHER_RETAILER_ADMIN_KEY));
        report(OTHER_RETAILER_ADMIN_KEY, SUPPLIER, level(sku, 1, now)).expectStatus().isNotFound();
        assertThat(inventory(OTHER_RETAILER_ADMIN_KEY, "MUG-LOGO").isEmpty()).isTrue();
        assertThat(inventory(OTHER_RETAILER_ADMIN_KEY, null).isEmpty()).isTrue();
        assertThat(inventory(STOREFRONT_KEY, "MUG-LOGO").isEmpty()).isFalse();

        var page = http().get().uri("/api/v1/inventory?limit=2").header("X-Api-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk()
                .expectHeader().valueMatches("Link", "</api/v1/inventory\\?limit=2&offset=2>; rel=\"next\"")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(JSON.readTree(page).size()).isEqualTo(2);
        http().get().uri("/api/v1/inventory?limit=0").header("X-Api-Key", ADMIN_KEY).exchange()
                .expectStatus().isBadRequest();
    }

    @Test
    void aBusyPositionIsSnapshottedAndStaysExact() {
        var sku = unique("IT-BUSY");
        var position = position(sku);
        report(ADMIN_KEY, SUPPLIER, level(sku, 130, Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(60)))
                .expectStatus().isAccepted();
        var order = new OrderId(UUID.randomUUID().toString());
        for (int line = 0; line < 110; line++) {
            commands.sendAndWait(new ReserveStockCommand(position, order, "L" + line, 1));
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?",
                Integer.class, position.value())).isPositive();

        // loaded from the snapshot: the 20 left are all there is, and a repeated line is still recognised
        assertThat((ReservationOutcome) commands.sendAndWait(new ReserveStockCommand(position, order, "L0", 1)))
                .isEqualTo(ReservationOutcome.ALREADY_RESERVED);
        assertThat((ReservationOutcome) commands.sendAndWait(new ReserveStockCommand(position, order, "more", 21)))
                .isEqualTo(ReservationOutcome.INSUFFICIENT);
        assertThat((ReservationOutcome) commands.sendAndWait(new ReserveStockCommand(position, order, "more", 20)))
                .isEqualTo(ReservationOutcome.RESERVED);
        assertThat(awaitViewAgreesWithHistory(position).reserved()).isEqualTo(130);
    }

    // helpers

    record Row(int reported, int reserved, int committed, int safetyStock, Instant reportedAt) {
    }

    static StockPositionId position(String supplierSku) {
        return StockPositionId.of(new SupplierId(SUPPLIER), LOCATION, supplierSku);
    }

    static String level(String supplierSku, int available, Instant asOf) {
        return """
                {"supplierSku":"%s","locationId":"%s","available":%d,"asOf":"%s"}""".formatted(supplierSku, LOCATION,
                available, asOf);
    }

    static String feed(String type, String supplierSku, String quantity, Instant asOf, String messageId) {
        return """
                {"messageId":"%s","supplierId":"%s","locationId":"%s","supplierSku":"%s","type":"%s",%s,"asOf":"%s"}"""
                .formatted(messageId, SUPPLIER, LOCATION, supplierSku, type, quantity, asOf);
    }

    WebTestClient.ResponseSpec report(String apiKey, String supplierId, String levels) {
        return http().post().uri("/api/v1/suppliers/{id}/stock", supplierId)
                .header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"levels\":[" + levels + "]}")
                .exchange();
    }

    JsonNode inventory(String apiKey, String sku) {
        var body = http().get().uri(sku == null ? "/api/v1/inventory" : "/api/v1/inventory?sku=" + sku)
                .header("X-Api-Key", apiKey)
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        var array = JSON.readTree(body);
        assertThat(array.isArray()).isTrue();
        return array;
    }

    // from sequence 0: a plain read would start from the position's latest snapshot
    List<String> eventTypes(StockPositionId position) {
        return eventStore.readEvents(position.value(), 0).asStream()
                .map(e -> e.getPayloadType().getSimpleName()).toList();
    }

    Integer availableOf(StockPositionId position) {
        return jdbc.queryForObject("SELECT available FROM stock_availability WHERE position_id = ?", Integer.class,
                position.value());
    }

    /** Waits until the view row equals the fold of the position's events, and answers it. */
    Row awaitViewAgreesWithHistory(StockPositionId position) {
        var agreed = new Row[1];
        Awaitility.await().atMost(VIEW_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            var expected = fold(position);
            var rows = jdbc.query("""
                    SELECT reported, reserved, committed, safety_stock, reported_at, available
                    FROM stock_availability WHERE position_id = ?""",
                    (rs, i) -> {
                        assertThat(rs.getInt(6)).isEqualTo(rs.getInt(1) - rs.getInt(2) - rs.getInt(3) - rs.getInt(4));
                        var at = rs.getTimestamp(5);
                        return new Row(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4),
                                at == null ? null : at.toInstant());
                    }, position.value());
            agreed[0] = rows.isEmpty() ? null : rows.getFirst();
            return Objects.equals(expected, agreed[0]);
        });
        return agreed[0];
    }

    Row fold(StockPositionId position) {
        int reported = 0;
        int reserved = 0;
        int committed = 0;
        int safety = 0;
        Instant at = null;
        boolean any = false;
        for (var event : eventStore.readEvents(position.value(), 0).asStream().toList()) {
            any = true;
            switch (event.getPayload()) {
                case StockLevelReportedEvent e -> {
                    reported = e.available();
                    at = e.asOf();
                }
                case StockDeltaAppliedEvent e -> {
                    reported = e.level();
                    at = at == null || e.asOf().isAfter(at) ? e.asOf() : at;
                }
                case SafetyStockSetEvent e -> safety = e.safetyStock();
                case StockReservedEvent e -> reserved += e.quantity();
                case StockReleasedEvent e -> reserved -= e.quantity();
                case StockCommittedEvent e -> {
                    reserved -= e.quantity();
                    committed += e.quantity();
                }
                case StockSettledEvent e -> committed -= e.quantity();
                case CommitmentsSettledEvent e -> committed -= e.quantity();
                case CommittedStockReleasedEvent e -> committed -= e.quantity();
                default -> throw new AssertionError("unexpected stock event " + event.getPayloadType());
            }
        }
        return any ? new Row(reported, reserved, committed, safety, at) : null;
    }
}
