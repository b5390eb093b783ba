package io.orderflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.infra.privacy.CustomerDataVault;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * Issue 13: the customer's name, e-mail, phone and address are sealed under a data key per order. The clear text is
 * in no table of orderflow's (events, snapshots, sagas, dead letters, tokens, read models), no Kafka record and no
 * log line; the supplier sandbox's own schema is a supplier's system, which is sent the address to ship to. Erasure
 * destroys the keys: the tracking page, the audit history and the notifications then go without, and the history
 * still verifies.
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataProtectionIT extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String AUDITOR_KEY = "dev-auditor-key";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CustomerDataVault vault;

    @Test
    void personalDataIsSealedEverywhereAndErasureDestroysIt(CapturedOutput output) {
        String marker = UUID.randomUUID().toString().substring(0, 8);
        String name = "Zephyrine" + marker + " Quollbottom";
        String email = "zeph-" + marker + "@example.org";
        String phone = "+49 30 " + Math.abs(marker.hashCode() % 100_000) + "987";
        String street = "Quollweg " + marker;
        var body = orderBody(unique("pii"), "DE", new LinkedHashMap<>(Map.of("MUG-LOGO", 1)))
                .replace("Ana Example", name).replace("ana@example.org", email).replace("+49 30 1234567", phone)
                .replace("Hauptstraße 1", street);
        var placed = place(body);
        String orderId = placed.path("orderId").asString();
        String trackingUrl = placed.path("trackingUrl").asString();
        String token = trackingUrl.substring(trackingUrl.lastIndexOf('/') + 1);
        awaitStatus(STOREFRONT_KEY, orderId, status -> status.equals("DELIVERED"));
        var needles = List.of("Zephyrine" + marker, "Quollbottom", email, phone, street);

        // the supplier was sent the address it ships to
        assertThat(vault.personalDataNow(new OrderId(orderId))).get()
                .satisfies(data -> assertThat(data.shipTo().line1()).isEqualTo(street));
        assertThat(rowsContaining(needles)).as("tables holding clear text").isEmpty();
        assertThat(kafkaRecordsContaining(orderId, needles)).as("Kafka records holding clear text").isEmpty();
        // the tracking page greets by first name, read from the sealed data
        assertThat(tracking(token).path("firstName").asString()).isEqualTo("Zephyrine" + marker);

        var erased = http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", email.toUpperCase()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(erased.path("erasedOrderIds").values()).extracting(JsonNode::asString).containsExactly(orderId);

        assertThat(vault.personalDataNow(new OrderId(orderId))).isEmpty();
        assertThat(tracking(token).path("firstName").isString()).isFalse();
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            var history = auditHistory(orderId);
            assertThat(history.get(0).path("type").asString()).isEqualTo("OrderPlacedEvent");
            assertThat(history.get(0).path("personalData").asString()).isEqualTo("erased");
            assertThat(history).extracting(e -> e.path("type").asString()).contains("PersonalDataErasedEvent");
        });
        // seals cover the ciphertext, which erasure leaves as it was
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http().get()
                .uri("/api/v1/audit/integrity").header("X-Api-Key", AUDITOR_KEY).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().path("status").asString())
                .isEqualTo("VERIFIED"));
        // a second request finds nothing more to erase, and is no error
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("orderIds", List.of(orderId)))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.erasedOrderIds[0]").isEqualTo(orderId);
        // the test's own SMTP server (GreenMail) names the mailbox it creates: not orderflow's line
        var ownLines = output.getAll().lines().filter(line -> !line.contains("c.icegreen.greenmail")).toList();
        assertThat(String.join("\n", ownLines)).as("log lines").doesNotContain(needles.toArray(String[]::new));
    }

    @Test
    void anErasureNamesAnAddressOrOrdersAndNeedsTheAdminScope() {
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of())
                .exchange().expectStatus().isBadRequest();
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", "a@example.org", "orderIds", List.of("x")))
                .exchange().expectStatus().isBadRequest();
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "not an address"))
                .exchange().expectStatus().isBadRequest();
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", STOREFRONT_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("email", "a@example.org"))
                .exchange().expectStatus().isForbidden();
        // an order id that names no order of the caller's erases nothing
        http().post().uri("/api/v1/privacy/erasures").header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("orderIds", List.of(UUID.randomUUID().toString(), "not-an-order")))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.erasedOrderIds.length()").isEqualTo(0);
    }

    /** Every table of orderflow's (not the supplier sandbox's), each row as text with bytea shown as stored bytes. */
    private List<String> rowsContaining(List<String> needles) {
        var hits = new ArrayList<String>();
        var tables = jdbc.queryForList("""
                SELECT table_schema, table_name FROM information_schema.tables
                 WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema', 'sandbox')""");
        for (var table : tables) {
            String schema = (String) table.get("table_schema");
            String name = (String) table.get("table_name");
            var columns = jdbc.queryForList("""
                    SELECT column_name, data_type FROM information_schema.columns
                     WHERE table_schema = ? AND table_name = ?""", schema, name);
            var texts = columns.stream().map(c -> "bytea".equals(c.get("data_type"))
                    ? "coalesce(encode(\"" + c.get("column_name") + "\", 'escape'), '')"
                    : "coalesce(\"" + c.get("column_name") + "\"::text, '')").toList();
            String row = "concat_ws(' ', " + String.join(", ", texts) + ")";
            for (String needle : needles) {
                Long count = jdbc.queryForObject("SELECT count(*) FROM \"" + schema + "\".\"" + name + "\" WHERE "
                        + row + " ILIKE ?", Long.class, "%" + needle + "%");
                if (count != null && count > 0) {
                    hits.add(schema + "." + name + " holds " + needle);
                }
            }
        }
        return hits;
    }

    private List<String> kafkaRecordsContaining(String orderId, List<String> needles) {
        var properties = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("orderflow.kafka.bootstrap"),
                ConsumerConfig.GROUP_ID_CONFIG, "pii-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var hits = new ArrayList<String>();
        boolean sawTheOrder = false;
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(java.util.regex.Pattern.compile("orderflow\\..*"));
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String text = (record.key() == null ? "" : record.key())
                            + (record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8));
                    for (var header : record.headers()) {
                        text += new String(header.value(), StandardCharsets.UTF_8);
                    }
                    sawTheOrder |= text.contains(orderId);
                    for (String needle : needles) {
                        if (text.contains(needle)) {
                            hits.add(record.topic() + " holds " + needle);
                        }
                    }
                }
            }
        }
        assertThat(sawTheOrder).as("the order's integration events were read").isTrue();
        return hits;
    }

    private JsonNode tracking(String token) {
        return http().get().uri("/api/v1/tracking/{token}", token).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<JsonNode> auditHistory(String orderId) {
        var events = http().get().uri("/api/v1/audit/orders/{id}/events", orderId).header("X-Api-Key", AUDITOR_KEY)
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        var list = new ArrayList<JsonNode>();
        events.values().forEach(list::add);
        return list;
    }
}
