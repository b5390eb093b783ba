package io.orderflow.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: a Kafka record its consumer cannot apply does not block its partition. After a bounded number of
 * attempts it goes to {@code <topic>.dlt} with the failure in its headers, the admin dead-letter API lists it and
 * can apply it again, and the records behind it on the partition are applied meanwhile. A delivery the order refuses
 * is parked at once.
 */
class KafkaDeadLetterIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String SUPPLIER = PartnerWebhookIT.SUPPLIER;
    static final String TOPIC = "orderflow.supplier-webhooks";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aDeliveryThatKeepsFailingIsParkedInTheDeadLetterTopicAndAppliedAfterARetry() {
        var poisoned = "poison-" + UUID.randomUUID();
        var healthy = "healthy-" + UUID.randomUUID();
        var supplierOrder = "so-" + UUID.randomUUID();
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION kafka_dead_letter_it_poison() RETURNS trigger AS $$
                BEGIN
                    IF NEW.delivery_id = '%s' THEN RAISE EXCEPTION 'poisoned by KafkaDeadLetterIT'; END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""".formatted(poisoned));
        jdbc.execute("CREATE TRIGGER kafka_dead_letter_it_poison BEFORE INSERT ON webhook_delivery "
                + "FOR EACH ROW EXECUTE FUNCTION kafka_dead_letter_it_poison()");
        JsonNode parked;
        try {
            // both keyed by the same supplier order: the same partition, the healthy one behind the poisoned one
            deliver(accepted(poisoned, supplierOrder)).expectStatus().isOk();
            deliver(accepted(healthy, supplierOrder)).expectStatus().isOk();

            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> applied(healthy));
            parked = awaitParked(poisoned);
            assertThat(parked.path("topic").asString()).isEqualTo(TOPIC);
            assertThat(parked.path("consumerGroup").asString()).isEqualTo("orderflow-webhooks");
            assertThat(parked.path("attempts").asInt()).isEqualTo(5);
            assertThat(parked.path("causeMessage").asString()).contains("poisoned by KafkaDeadLetterIT");
            assertThat(applied(poisoned)).isFalse();

            var dlt = deadLetterTopicRecord(poisoned);
            assertThat(header(dlt, "orderflow-dlt-exception-message")).contains("poisoned by KafkaDeadLetterIT");
            assertThat(header(dlt, "orderflow-dlt-original-topic")).isEqualTo(TOPIC);
            assertThat(header(dlt, "orderflow-dlt-original-offset")).isEqualTo(parked.path("offset").asString());
            assertThat(new String(dlt.value(), StandardCharsets.UTF_8)).contains(poisoned);

            http().get().uri("/api/v1/admin/dead-letters").header("X-Api-Key", STOREFRONT_KEY)
                    .exchange().expectStatus().isForbidden();
            assertThat(retry(parked.path("id").asString())).isFalse();
        } finally {
            jdbc.execute("DROP TRIGGER IF EXISTS kafka_dead_letter_it_poison ON webhook_delivery");
        }

        assertThat(retry(parked.path("id").asString())).isTrue();
        assertThat(applied(poisoned)).isTrue();
        http().get().uri("/api/v1/admin/dead-letters/records/{id}", parked.path("id").asString())
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isNotFound();
    }

    @Test
    void aDeliveryTheOrderRefusesIsParkedAtOnce() {
        var orderId = place(orderBody(unique("refused-webhook"), "NL", Map.of("HOODIE-GREY-L", 1)))
                .path("orderId").asString();
        var submitted = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(30));
        var allocation = submitted.path("allocations").path(0);
        var refused = "refused-" + UUID.randomUUID();
        // a status change of a shipment the allocation does not have: the order refuses it, whatever its state
        deliver("""
                {"eventId":"%s","type":"shipment.status_changed","occurredAt":"%s",
                 "data":{"orderId":"%s","reference":"%s","fulfillmentId":"no-such-shipment","status":"DELAYED"}}"""
                .formatted(refused, Instant.now(), allocation.path("supplierOrderRef").asString(),
                        allocation.path("allocationId").asString())).expectStatus().isOk();

        var parked = awaitParked(refused);
        assertThat(parked.path("attempts").asInt()).isEqualTo(1);
        assertThat(parked.path("causeMessage").asString()).contains("refused by the order");
        assertThat(retry(parked.path("id").asString())).isFalse();
    }

    static String accepted(String eventId, String supplierOrder) {
        return """
                {"eventId":"%s","type":"order.accepted","occurredAt":"%s",
                 "data":{"orderId":"%s","reference":"no-such-allocation-1"}}""".formatted(eventId, Instant.now(),
                supplierOrder);
    }

    WebTestClient.ResponseSpec deliver(String body) {
        return http().post().uri("/webhooks/partner/{supplier}", SUPPLIER)
                .header("X-Orderflow-Signature", PartnerWebhookIT.signature(PartnerWebhookIT.SECRET, body))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    boolean applied(String deliveryId) {
        return jdbc.queryForObject("SELECT count(*) FROM webhook_delivery WHERE supplier_id = ? AND delivery_id = ?",
                Integer.class, SUPPLIER, deliveryId) > 0;
    }

    boolean retry(String id) {
        return JSON.readTree(http().post().uri("/api/v1/admin/dead-letters/records/{id}/retry", id)
                .header("X-Api-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).path("processed").asBoolean();
    }

    JsonNode awaitParked(String deliveryId) {
        var found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            var listing = JSON.readTree(http().get().uri("/api/v1/admin/dead-letters").header("X-Api-Key", ADMIN_KEY)
                    .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
            for (JsonNode record : listing.path("records")) {
                var one = JSON.readTree(http().get().uri("/api/v1/admin/dead-letters/records/{id}",
                                record.path("id").asString()).header("X-Api-Key", ADMIN_KEY).exchange()
                        .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
                if (jdbc.queryForObject("SELECT position(? IN convert_from(record_value, 'UTF8')) > 0 "
                        + "FROM kafka_dead_letter WHERE id = ?", Boolean.class, deliveryId, one.path("id").asString())) {
                    found[0] = one;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    ConsumerRecord<String, byte[]> deadLetterTopicRecord(String deliveryId) {
        try (var consumer = new KafkaConsumer<String, byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("orderflow.kafka.bootstrap"),
                ConsumerConfig.GROUP_ID_CONFIG, "kafka-dead-letter-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(TOPIC + ".dlt"));
            var seen = new ArrayList<ConsumerRecord<String, byte[]>>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(seen::add);
                return seen.stream().anyMatch(r -> deliveryId.equals(header(r, "orderflow-delivery-id")));
            });
            return seen.stream().filter(r -> deliveryId.equals(header(r, "orderflow-delivery-id"))).findFirst()
                    .orElseThrow();
        }
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
