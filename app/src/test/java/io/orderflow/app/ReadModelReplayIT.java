package io.orderflow.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays (issue 6, acceptance 6): every read model an auditor may rebuild is emptied and replayed from history,
 * and comes back equal, row for row, to what it was. Rows of orders that changed while the test ran are left out of
 * the comparison (the live system does not stop for it).
 */
class ReadModelReplayIT extends AppIntegrationTestBase {

    /** Each replayable read model: its table, the column naming the order a row belongs to, and its key. */
    static final Map<String, Table> TABLES = Map.of(
            "order-view", new Table("order_view", "order_id", "order_id"),
            "order-timeline", new Table("order_timeline", "order_id", "order_id, sequence"),
            "order-tracking", new Table("order_tracking", "order_id", "order_id"),
            "order-exceptions", new Table("order_exception", "order_id", "order_id, reason, subject"));

    record Table(String name, String orderColumn, String key) {
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Configuration axon;

    @Test
    void everyReadModelReplayedFromHistoryEqualsTheOriginalRowForRow() {
        // history at scale, so that the replay speed means something
        AuditLoad.ensure(jdbc, axon);
        place(orderBody(unique("replay"), "DE", Map.of("MUG-LOGO", 1, "TSHIRT-BLACK-M", 1)));
        var last = place(orderBody(unique("replay"), "DE", Map.of("SOCKS-3PACK", 2)));
        awaitView(last.path("orderId").asString(), v -> v.path("status").asString().equals("DELIVERED"),
                Duration.ofSeconds(30));

        List<String> readModels = readModels();
        assertThat(TABLES.keySet()).as("a table to compare for every replayable read model")
                .containsAll(readModels);

        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        readModels.forEach(model -> awaitCaughtUp(model, head));
        Map<String, Map<String, String>> before = new HashMap<>();
        readModels.forEach(model -> before.put(model, rows(TABLES.get(model))));

        Map<String, String> replayIds = new HashMap<>();
        for (String model : readModels) {
            JsonNode started = JSON.readTree(http().post().uri("/api/v1/audit/replays")
                    .header("X-Api-Key", PLATFORM_KEY).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"readModel\":\"" + model + "\"}").exchange()
                    .expectStatus().isAccepted()
                    .expectHeader().exists("Location")
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(started.path("status").asString()).isEqualTo("RUNNING");
            replayIds.put(model, started.path("replayId").asString());
        }
        http().post().uri("/api/v1/audit/replays").header("X-Api-Key", PLATFORM_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"readModel\":\"supplier-dispatch\"}").exchange()
                .expectStatus().isBadRequest();
        // a replay rebuilds every retailer's rows: a retailer's auditor may not start one
        http().post().uri("/api/v1/audit/replays").header("X-Api-Key", AuditTrailIT.AUDITOR_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"readModel\":\"order-view\"}").exchange()
                .expectStatus().isForbidden();

        Map<String, JsonNode> finished = new HashMap<>();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (String model : readModels) {
                JsonNode replay = JSON.readTree(http().get().uri("/api/v1/audit/replays/{id}", replayIds.get(model))
                        .header("X-Api-Key", PLATFORM_KEY).exchange().expectStatus().isOk()
                        .expectBody(String.class).returnResult().getResponseBody());
                assertThat(replay.path("percent").asDouble()).isBetween(0.0, 100.0);
                if (replay.path("status").asString().equals("COMPLETED")) {
                    finished.put(model, replay);
                }
            }
            return finished.size() == readModels.size();
        });

        // rows of orders with events after the comparison point may differ for good reasons
        Set<String> changed = new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT aggregateidentifier FROM domainevententry WHERE globalindex > ?", String.class, head));
        for (String model : readModels) {
            var original = without(before.get(model), changed);
            var rebuilt = without(rows(TABLES.get(model)), changed);
            assertThat(original).as("%s before the replay", model).isNotEmpty();
            assertThat(rebuilt).as("%s rebuilt from history", model).containsExactlyEntriesOf(original);
            JsonNode replay = finished.get(model);
            assertThat(replay.path("position").asLong()).isGreaterThanOrEqualTo(head);
            System.out.printf("replay of %s: %,d rows equal, %,d event-store positions in %s at %,.0f events/s%n",
                    model, rebuilt.size(), replay.path("targetPosition").asLong(),
                    Duration.between(java.time.Instant.parse(replay.path("startedAt").asString()),
                            java.time.Instant.parse(replay.path("finishedAt").asString())),
                    replay.path("eventsPerSecond").asDouble());
        }
    }

    List<String> readModels() {
        var list = new ArrayList<String>();
        JSON.readTree(http().get().uri("/api/v1/audit/read-models").header("X-Api-Key", PLATFORM_KEY)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .forEach(model -> list.add(model.asString()));
        return list;
    }

    void awaitCaughtUp(String model, long position) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var processor = axon.eventProcessingConfiguration()
                    .eventProcessorByProcessingGroup(model, StreamingEventProcessor.class).orElseThrow();
            return !processor.processingStatus().isEmpty() && processor.processingStatus().values().stream()
                    .allMatch(s -> s.getCurrentPosition().orElse(0) >= position);
        });
    }

    /** The table's rows as JSON text, by key, with the order each belongs to first. */
    Map<String, String> rows(Table table) {
        var rows = new java.util.LinkedHashMap<String, String>();
        jdbc.query("SELECT " + table.orderColumn() + " AS order_ref, concat_ws('/', " + table.key() + ") AS row_key,"
                        + " to_jsonb(t)::text AS row FROM " + table.name() + " t ORDER BY " + table.key(),
                rs -> {
                    rows.put(rs.getString("order_ref") + "|" + rs.getString("row_key"), rs.getString("row"));
                });
        return rows;
    }

    static Map<String, String> without(Map<String, String> rows, Set<String> orders) {
        var kept = new java.util.LinkedHashMap<String, String>();
        rows.forEach((key, row) -> {
            if (!orders.contains(key.substring(0, key.indexOf('|')))) {
                kept.put(key, row);
            }
        });
        return kept;
    }
}
