package io.orderflow.app;

import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tamper evidence (issue 6, acceptance 7): history verifies against its hash chain and seals; one event's payload
 * changed in PostgreSQL makes the check fail and name that event; put back, history verifies again.
 */
class IntegrityIT extends AppIntegrationTestBase {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Configuration axon;

    @Test
    void aChangedPayloadIsNamedAndUntouchedHistoryVerifies() {
        // history at scale, so that the verification speed means something
        AuditLoad.ensure(jdbc, axon);
        String orderId = place(orderBody(unique("integrity"), "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        var tracked = jdbc.queryForMap("""
                SELECT globalindex, eventidentifier, payload FROM domainevententry
                WHERE aggregateidentifier = ? AND payloadtype LIKE '%.ShipmentTrackedEvent'""", orderId);
        long index = (Long) tracked.get("globalindex");
        String eventId = (String) tracked.get("eventidentifier");
        byte[] original = (byte[]) tracked.get("payload");

        // sealed: chained and covered by a seal
        JsonNode verified = Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(this::integrity, report -> report.path("sealedThrough").asLong() >= index);
        assertThat(verified.path("status").asString()).isEqualTo("VERIFIED");
        assertThat(verified.path("problems")).isEmpty();
        assertThat(verified.path("seals").asLong()).isPositive();
        report("untouched", verified);

        int changed = jdbc.update("""
                UPDATE domainevententry
                SET payload = convert_to(replace(convert_from(payload, 'UTF8'), '"carrier":"DHL"', '"carrier":"UPS"'), 'UTF8')
                WHERE eventidentifier = ?""", eventId);
        assertThat(changed).isEqualTo(1);
        try {
            JsonNode tampered = integrity();
            report("tampered", tampered);
            assertThat(tampered.path("status").asString()).isEqualTo("TAMPERED");
            assertThat(tampered.path("problems")).hasSize(1);
            JsonNode first = tampered.path("problems").path(0);
            assertThat(first.path("eventId").asString()).isEqualTo(eventId);
            assertThat(first.path("globalIndex").asLong()).isEqualTo(index);
            assertThat(first.path("aggregateId").asString()).isEqualTo(orderId);
            assertThat(first.path("payloadType").asString()).endsWith("ShipmentTrackedEvent");
            assertThat(first.path("problem").asString()).isEqualTo("CHANGED");
            assertThat(first.path("seal").asLong()).isPositive();
            assertThat(tampered.path("scope").asString()).isEqualTo("platform");

            // the retailer's auditor sees its own changed event, and counts only its own events
            JsonNode own = integrity(AuditTrailIT.AUDITOR_KEY);
            assertThat(own.path("scope").asString()).isEqualTo("retailer");
            assertThat(own.path("status").asString()).isEqualTo("TAMPERED");
            assertThat(own.path("problems").path(0).path("eventId").asString()).isEqualTo(eventId);
            assertThat(own.path("eventsVerified").asLong()).isPositive().isLessThanOrEqualTo(tampered.path("eventsVerified").asLong());
        } finally {
            jdbc.update("UPDATE domainevententry SET payload = ? WHERE eventidentifier = ?", original, eventId);
        }
        assertThat(integrity().path("status").asString()).isEqualTo("VERIFIED");
    }

    /** The whole store, as the platform operator verifies it. */
    JsonNode integrity() {
        return integrity(PLATFORM_KEY);
    }

    JsonNode integrity(String apiKey) {
        return JSON.readTree(http().get().uri("/api/v1/audit/integrity").header("X-Api-Key", apiKey)
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    static void report(String what, JsonNode report) {
        long events = report.path("eventsVerified").asLong();
        long millis = Math.max(1, report.path("durationMillis").asLong());
        System.out.printf("integrity check (%s): %s, %,d events and %,d seals verified in %,d ms (%,.0f events/s)%n",
                what, report.path("status").asString(), events, report.path("seals").asLong(), millis,
                events * 1000.0 / millis);
    }
}
