package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A poison event in supplier-dispatch parks its own order in the dead-letter queue while other orders flow; once
 * the cause is gone, a retry through the admin API processes it and the order goes on. The poison is real: a
 * database trigger refuses the dispatcher's write for that one order.
 */
class DeadLetterIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPoisonSubmissionParksOnlyItsOwnOrderAndIsProcessedAfterARetry() {
        var external = unique("poison");
        var poisoned = OrderId.of(new RetailerId("demo-retailer"), external).value();
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION dead_letter_it_poison() RETURNS trigger AS $$
                BEGIN
                    IF NEW.order_id = '%s' THEN RAISE EXCEPTION 'poisoned by DeadLetterIT'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(poisoned));
        jdbc.execute("CREATE TRIGGER dead_letter_it_poison BEFORE INSERT ON supplier_order_link "
                + "FOR EACH ROW EXECUTE FUNCTION dead_letter_it_poison()");
        JsonNode parked;
        try {
            assertThat(place(orderBody(external, "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString())
                    .isEqualTo(poisoned);
            var healthy1 = place(orderBody(unique("healthy"), "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString();
            var healthy2 = place(orderBody(unique("healthy"), "DE", Map.of("TSHIRT-BLACK-M", 1))).path("orderId").asString();

            awaitView(healthy1, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
            awaitView(healthy2, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));

            parked = awaitParked(poisoned);
            assertThat(parked.path("first").path("payloadType").asString())
                    .endsWith("SupplierOrderSubmissionRequestedEvent");
            assertThat(parked.path("first").path("causeMessage").asString()).contains("poisoned by DeadLetterIT");
            assertThat(view(poisoned, STOREFRONT_KEY).path("status").asString()).isEqualTo("AWAITING_SUPPLIER");

            var letters = JSON.readTree(http().get().uri("/api/v1/admin/dead-letters/supplier-dispatch/{id}", poisoned)
                    .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(letters).hasSize(1);
            assertThat(letters.path(0).path("aggregateId").asString()).isEqualTo(poisoned);

            http().get().uri("/api/v1/admin/dead-letters").header("X-Api-Key", STOREFRONT_KEY)
                    .exchange().expectStatus().isForbidden();
            // while the cause is still there, a retry fails and the letter stays
            var stillFailing = JSON.readTree(http().post()
                    .uri("/api/v1/admin/dead-letters/supplier-dispatch/{id}/retry", poisoned)
                    .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(stillFailing.path("processed").asBoolean()).isFalse();
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS dead_letter_it_poison ON supplier_order_link");
        }

        var retried = JSON.readTree(http().post().uri("/api/v1/admin/dead-letters/supplier-dispatch/{id}/retry", poisoned)
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(retried.path("processed").asBoolean()).isTrue();

        awaitView(poisoned, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        http().get().uri("/api/v1/admin/dead-letters/supplier-dispatch/{id}", poisoned)
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isNotFound();
    }

    JsonNode awaitParked(String orderId) {
        var found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var listing = JSON.readTree(http().get().uri("/api/v1/admin/dead-letters").header("X-Api-Key", ADMIN_KEY)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            for (JsonNode sequence : listing.path("sequences")) {
                if (sequence.path("processingGroup").asString().equals("supplier-dispatch")
                        && sequence.path("sequenceId").asString().equals(orderId)) {
                    found[0] = sequence;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
