package io.orderflow.app;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Auditors' history of an order (issue 6, acceptance 3 and 4): every event with its metadata; one correlation id
 * from the storefront's request through the saga, the supplier and its webhooks; causation linking each event to
 * what caused it; and the order as it was at any instant.
 */
class AuditTrailIT extends AppIntegrationTestBase {

    static final String AUDITOR_KEY = "dev-auditor-key";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theHistoryOfADeliveredOrderListsEveryEventWithOneCorrelationIdAndChainedCausation() {
        String correlationId = "storefront-" + UUID.randomUUID();
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String orderId = placeWithCorrelation(orderBody(unique("audit"), "DE", Map.of("MUG-LOGO", 1)), correlationId,
                traceId);
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        JsonNode history = JSON.readTree(http().get().uri("/api/v1/audit/orders/{id}/events", orderId)
                .header("X-Api-Key", AUDITOR_KEY).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());

        var types = new ArrayList<String>();
        var seen = new HashSet<String>();
        long previousIndex = 0;
        int sequence = 0;
        for (JsonNode event : history) {
            types.add(event.path("type").asString());
            assertThat(event.path("aggregateId").asString()).isEqualTo(orderId);
            assertThat(event.path("sequence").asLong()).isEqualTo(sequence++);
            assertThat(event.path("globalIndex").asLong()).isGreaterThan(previousIndex);
            previousIndex = event.path("globalIndex").asLong();
            // the two events that carry the customer's sealed personal data are at their second revision
            boolean personal = Set.of("OrderPlacedEvent", "SupplierOrderSubmissionRequestedEvent")
                    .contains(event.path("type").asString());
            assertThat(event.path("revision").asString()).isEqualTo(personal ? "2" : "1");
            assertThat(event.path("personalData").asString(null)).isEqualTo(personal ? "sealed" : null);
            assertThat(Instant.parse(event.path("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
            assertThat(event.path("payloadType").asString()).startsWith("io.orderflow.coreapi.order.");
            assertThat(event.path("payload").path("orderId").path("value").asString()).isEqualTo(orderId);
            assertThat(event.path("metadata").isObject()).isTrue();
            // one storefront request: every event of the order carries its correlation id, webhooks included
            assertThat(event.path("correlationId").asString()).as(event.path("type").asString()).isEqualTo(correlationId);
            assertThat(event.path("traceId").asString()).as(event.path("type").asString()).isEqualTo(traceId);
            assertThat(event.path("actor").asString()).isNotBlank();
            assertThat(event.path("causationId").asString()).isNotBlank();
            // causation: each event leads back to an earlier event of the order, or to a supplier's webhook;
            // only the first was caused by the storefront's request itself
            if (sequence == 1) {
                assertThat(event.has("causationEventId")).isFalse();
                assertThat(event.path("actor").asString()).isEqualTo("api-key:dev-storefront");
            } else if (event.has("causationEventId")) {
                assertThat(seen).as("the cause of %s", event.path("type").asString())
                        .contains(event.path("causationEventId").asString());
            } else {
                assertThat(event.path("webhookDeliveryId").asString()).as(event.path("type").asString()).isNotBlank();
                assertThat(event.path("actor").asString()).startsWith("supplier:");
            }
            seen.add(event.path("eventId").asString());
        }
        assertThat(types).containsExactlyElementsOf(OrderLifecycleIT.HAPPY_PATH);
        assertThat(causeOf(history, "OrderRoutingStartedEvent")).isEqualTo(idOf(history, "OrderPlacedEvent"));
        assertThat(causeOf(history, "SupplierOrderSubmissionRequestedEvent")).isEqualTo(idOf(history, "SupplierSelectedEvent"));
        assertThat(causeOf(history, "SupplierOrderSubmittedEvent"))
                .isEqualTo(idOf(history, "SupplierOrderSubmissionRequestedEvent"));

        // the stock reserved for the order belongs to the same request
        Integer stockEvents = jdbc.queryForObject("""
                SELECT count(*) FROM domainevententry
                WHERE type = 'StockPosition' AND convert_from(metadata, 'UTF8')::jsonb ->> 'correlationId' = ?""",
                Integer.class, correlationId);
        assertThat(stockEvents).isPositive();

        // the storefront's own key has no audit scope
        http().get().uri("/api/v1/audit/orders/{id}/events", orderId).header("X-Api-Key", STOREFRONT_KEY).exchange()
                .expectStatus().isForbidden();
        http().get().uri("/api/v1/audit/orders/{id}/events", UUID.randomUUID()).header("X-Api-Key", AUDITOR_KEY).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void theStateAsOfAnInstantBetweenAcceptanceAndShipmentIsAcceptedWithoutTracking() {
        String orderId = place(orderBody(unique("as-of"), "DE", Map.of("TSHIRT-BLACK-M", 1))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        JsonNode history = JSON.readTree(http().get().uri("/api/v1/audit/orders/{id}/events", orderId)
                .header("X-Api-Key", AUDITOR_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        Instant last = Instant.parse(history.get(history.size() - 1).path("timestamp").asString());
        var live = awaitView(orderId, v -> Instant.parse(v.path("updatedAt").asString()).equals(last),
                Duration.ofSeconds(10));
        Instant accepted = Instant.parse(eventOf(history, "SupplierOrderAcceptedEvent").path("timestamp").asString());
        Instant fulfilled = Instant.parse(eventOf(history, "FulfillmentCreatedEvent").path("timestamp").asString());
        assertThat(fulfilled).isAfter(accepted);
        Instant between = accepted.plus(Duration.between(accepted, fulfilled).dividedBy(2));

        JsonNode asOf = state(orderId, between.toString());
        assertThat(asOf.path("order").path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(asOf.path("order").path("shipments")).isEmpty();
        assertThat(asOf.path("order").path("lines")).allSatisfy(line -> {
            assertThat(line.path("status").asString()).isEqualTo("ACCEPTED");
            assertThat(line.path("shipped").asInt()).isZero();
        });
        assertThat(asOf.path("lastSequence").asLong())
                .isEqualTo(eventOf(history, "SupplierOrderAcceptedEvent").path("sequence").asLong());

        // folded to the end, it is the order view the projection wrote
        JsonNode now = state(orderId, Instant.now().toString()).path("order");
        assertThat(now.path("status").asString()).isEqualTo("DELIVERED");
        for (String field : List.of("lines", "shipments", "allocations", "updatedAt", "externalOrderId")) {
            assertThat(now.path(field)).as(field).isEqualTo(live.path(field));
        }

        http().get().uri("/api/v1/audit/orders/{id}/state?asOf={at}", orderId,
                        Instant.parse(eventOf(history, "OrderPlacedEvent").path("timestamp").asString()).minusSeconds(1))
                .header("X-Api-Key", AUDITOR_KEY).exchange().expectStatus().isNotFound();
    }

    JsonNode state(String orderId, String asOf) {
        return JSON.readTree(http().get().uri("/api/v1/audit/orders/{id}/state?asOf={at}", orderId, asOf)
                .header("X-Api-Key", AUDITOR_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    String placeWithCorrelation(String body, String correlationId, String traceId) {
        var response = http().post().uri("/api/v1/orders")
                .header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Correlation-Id", correlationId)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("X-Correlation-Id", correlationId)
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(response).path("orderId").asString();
    }

    static JsonNode eventOf(JsonNode history, String type) {
        for (JsonNode event : history) {
            if (event.path("type").asString().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " in the history");
    }

    static String idOf(JsonNode history, String type) {
        return eventOf(history, type).path("eventId").asString();
    }

    static String causeOf(JsonNode history, String type) {
        return eventOf(history, type).path("causationEventId").asString();
    }
}
