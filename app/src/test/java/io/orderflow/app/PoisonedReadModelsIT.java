package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: a read model that cannot take one order's row does not stop. PostgreSQL triggers refuse every row of one
 * order in six read-model tables; the statement's failure aborts the batch's transaction, yet each processor parks
 * that order's sequence in its dead-letter queue (on the batch's second attempt, in a savepoint) and moves on:
 * other orders flow through every read model, a replay completes, the admin API lists the parked sequences, and
 * once the triggers are gone a retry applies the parked events.
 */
class PoisonedReadModelsIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    /** processing group -> (table, condition on NEW that selects the poisoned order's rows) */
    static final Map<String, List<String>> POISONED = Map.of(
            "order-view", List.of("order_view", "NEW.order_id = '%s'"),
            "order-timeline", List.of("order_timeline", "NEW.order_id = '%s'"),
            "order-tracking", List.of("order_tracking", "NEW.order_id = '%s'"),
            "routing-decisions", List.of("routing_decision", "NEW.order_id = '%s'"),
            "backorders", List.of("order_line_sku", "NEW.order_id = '%s'"),
            "supplier-performance", List.of("allocation_performance", "NEW.allocation_id LIKE '%s-%%'"));

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRowNoReadModelCanTakeParksOnlyItsOrderAndIsAppliedAfterARetry() {
        var external = unique("poison-rm");
        var poisoned = OrderId.of(new RetailerId("demo-retailer"), external).value();
        POISONED.forEach((group, target) -> {
            String function = "poison_" + target.get(0);
            jdbc.execute("""
                    CREATE OR REPLACE FUNCTION %s() RETURNS trigger AS $$
                    BEGIN
                        IF %s THEN RAISE EXCEPTION 'poisoned by PoisonedReadModelsIT'; END IF;
                        RETURN NEW;
                    END $$ LANGUAGE plpgsql""".formatted(function, target.get(1).formatted(poisoned)));
            jdbc.execute("CREATE TRIGGER %1$s BEFORE INSERT OR UPDATE ON %2$s FOR EACH ROW EXECUTE FUNCTION %1$s()"
                    .formatted(function, target.get(0)));
        });
        try {
            assertThat(place(orderBody(external, "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString())
                    .isEqualTo(poisoned);
            var healthy1 = place(orderBody(unique("healthy-rm"), "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString();
            var healthy2 = place(orderBody(unique("healthy-rm"), "DE", Map.of("TSHIRT-BLACK-M", 1)))
                    .path("orderId").asString();

            for (String healthy : List.of(healthy1, healthy2)) {
                awaitView(healthy, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(90));
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(healthy).values().stream()
                        .allMatch(count -> count > 0));
            }

            var parked = awaitParked(poisoned, POISONED.keySet().stream().toList());
            parked.forEach((group, sequence) -> assertThat(sequence.path("first").path("causeMessage").asString())
                    .as(group).contains("poisoned by PoisonedReadModelsIT"));
            assertThat(rowsOf(poisoned)).allSatisfy((table, count) -> assertThat(count).as(table).isZero());
            http().get().uri("/api/v1/orders/{id}", poisoned).header("X-Api-Key", STOREFRONT_KEY)
                    .exchange().expectStatus().isNotFound();

            // a replay of a read model still finishes: its reset empties the queue, and the replay parks the order
            // again with the same letters (not the replayed events behind the old ones)
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?
                    AND payloadtype LIKE '%OrderCompletedEvent'""", Integer.class, poisoned) > 0);
            long letters = awaitStableSize(poisoned, "order-view");
            var started = JSON.readTree(http().post().uri("/api/v1/audit/replays")
                    .header("X-Api-Key", PLATFORM_KEY).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"readModel\":\"order-view\"}").exchange().expectStatus().isAccepted()
                    .expectBody(String.class).returnResult().getResponseBody());
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() ->
                    JSON.readTree(http().get().uri("/api/v1/audit/replays/{id}", started.path("replayId").asString())
                                    .header("X-Api-Key", PLATFORM_KEY).exchange().expectStatus().isOk()
                                    .expectBody(String.class).returnResult().getResponseBody())
                            .path("status").asString().equals("COMPLETED"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    awaitParked(poisoned, List.of("order-view")).get("order-view").path("size").asLong() == letters);
            assertThat(awaitStableSize(poisoned, "order-view")).isEqualTo(letters);
            awaitView(healthy1, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

            // while the cause is there, a retry fails and the letters stay
            assertThat(retryDeadLetters("order-view", poisoned)).isFalse();
            awaitParked(poisoned, List.of("order-view"));
        } finally {
            POISONED.values().forEach(target -> jdbc.execute("DROP TRIGGER IF EXISTS poison_%1$s ON %1$s"
                    .formatted(target.get(0))));
        }

        for (String group : POISONED.keySet()) {
            assertThat(retryDeadLetters(group, poisoned)).as(group).isTrue();
            http().get().uri("/api/v1/admin/dead-letters/{group}/{id}", group, poisoned)
                    .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isNotFound();
        }
        awaitView(poisoned, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        assertThat(rowsOf(poisoned)).allSatisfy((table, count) -> assertThat(count).as(table).isPositive());
    }

    /** The number of letters of the order's sequence in the group, once it no longer changes. */
    long awaitStableSize(String orderId, String group) {
        long[] last = {-1};
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            long size = awaitParked(orderId, List.of(group)).get(group).path("size").asLong();
            boolean stable = size == last[0];
            last[0] = size;
            return stable;
        });
        return last[0];
    }

    Map<String, Integer> rowsOf(String orderId) {
        var rows = new HashMap<String, Integer>();
        POISONED.values().forEach(target -> {
            String table = target.get(0);
            String where = table.equals("allocation_performance") ? "allocation_id LIKE ? || '-%'" : "order_id = ?";
            rows.put(table, jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE " + where,
                    Integer.class, orderId));
        });
        return rows;
    }

    Map<String, JsonNode> awaitParked(String orderId, List<String> groups) {
        var found = new HashMap<String, JsonNode>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var listing = deadLetterListing();
            found.clear();
            for (JsonNode sequence : listing.path("sequences")) {
                if (sequence.path("sequenceId").asString().equals(orderId)
                        && groups.contains(sequence.path("processingGroup").asString())) {
                    found.put(sequence.path("processingGroup").asString(), sequence);
                }
            }
            return found.keySet().containsAll(groups);
        });
        return found;
    }
}
