package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the fulfillment saga does not spin on one order's event for ever. A PostgreSQL trigger refuses the
 * acceptance deadline that the saga schedules for one order once its supplier order is submitted, so handling that
 * event fails every time. After a bounded number of attempts the event is parked under its order, the order's later
 * saga events (acceptance, completion) queue up behind it without ending the saga, the other orders flow on, the
 * admin API lists the letters, and once the cause is gone a retry hands them to the saga, which then ends.
 */
class SagaDeadLetterIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String GROUP = "OrderFulfillmentSagaProcessor";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSagaEventThatAlwaysFailsIsParkedUnderItsOrderAndRetriedOnceTheCauseIsGone() {
        var external = unique("poison-saga");
        var poisoned = OrderId.of(new RetailerId("demo-retailer"), external).value();
        // the deadline's stored data holds its allocation id, which starts with the order id
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION poison_saga() RETURNS trigger AS $$
                BEGIN
                    IF position(convert_to('%s', 'UTF8') IN NEW.task_data) > 0 THEN
                        RAISE EXCEPTION 'poisoned by SagaDeadLetterIT';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(poisoned));
        jdbc.execute("CREATE TRIGGER poison_saga BEFORE INSERT ON scheduled_tasks FOR EACH ROW EXECUTE FUNCTION poison_saga()");
        try {
            assertThat(place(orderBody(external, "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString())
                    .isEqualTo(poisoned);
            // eight more: with four segments, some share the poisoned order's
            var healthy = new ArrayList<String>();
            for (int i = 0; i < 8; i++) {
                healthy.add(place(orderBody(unique("healthy-saga"), "DE", Map.of(i % 2 == 0 ? "MUG-LOGO"
                        : "TSHIRT-BLACK-M", 1))).path("orderId").asString());
            }
            for (String order : healthy) {
                awaitView(order, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(120));
            }

            var parked = awaitParked(poisoned);
            assertThat(parked.path("first").path("payloadType").asString()).endsWith("SupplierOrderSubmittedEvent");
            assertThat(parked.path("first").path("causeMessage").asString()).contains("poisoned by SagaDeadLetterIT");

            // the order itself goes on (the supplier accepts and delivers); the saga's events for it wait, in order,
            // and its completion does not end the saga while the events before it are parked
            awaitView(poisoned, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(90));
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    letters(poisoned).stream().anyMatch(type -> type.endsWith("OrderCompletedEvent")));
            assertThat(letters(poisoned).getFirst()).endsWith("SupplierOrderSubmittedEvent");
            assertThat(letters(poisoned)).anyMatch(type -> type.endsWith("SupplierOrderAcceptedEvent"));
            assertThat(associations(poisoned)).isPositive();

            // while the cause is there, a retry fails and the letters stay
            assertThat(retryDeadLetters(GROUP, poisoned)).isFalse();
            assertThat(awaitParked(poisoned).path("first").path("causeMessage").asString())
                    .contains("poisoned by SagaDeadLetterIT");
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS poison_saga ON scheduled_tasks");
        }

        assertThat(retryDeadLetters(GROUP, poisoned)).isTrue();
        http().get().uri("/api/v1/admin/dead-letters/{group}/{id}", GROUP, poisoned)
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isNotFound();
        assertThat(associations(poisoned)).as("the saga ended with the retried completion").isZero();
    }

    int associations(String orderId) {
        return jdbc.queryForObject("""
                SELECT count(*) FROM associationvalueentry WHERE associationkey = 'orderId' AND associationvalue = ?""",
                Integer.class, orderId);
    }

    /** The payload types of the order's parked saga events, oldest first; empty when none is parked. */
    List<String> letters(String orderId) {
        var result = http().get().uri("/api/v1/admin/dead-letters/{group}/{id}", GROUP, orderId)
                .header("X-Api-Key", ADMIN_KEY).exchange().expectBody(String.class).returnResult();
        if (result.getStatus().value() != 200) {
            return List.of();
        }
        var letters = new ArrayList<String>();
        JSON.readTree(result.getResponseBody()).forEach(letter -> letters.add(letter.path("payloadType").asString()));
        return letters;
    }

    JsonNode awaitParked(String orderId) {
        var found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var listing = deadLetterListing();
            assertThat(listing.path("processingGroups").toString()).contains(GROUP);
            for (JsonNode sequence : listing.path("sequences")) {
                if (sequence.path("sequenceId").asString().equals(orderId)
                        && GROUP.equals(sequence.path("processingGroup").asString())) {
                    found[0] = sequence;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
