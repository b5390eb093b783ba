package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.awaitility.Awaitility;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed partner webhooks: verified before anything else, applied once however often they arrive. */
class PartnerWebhookIT extends AppIntegrationTestBase {

    static final String SUPPLIER = "rotterdam-3pl";
    static final String SECRET = "sandbox-webhook-" + SUPPLIER;

    @Autowired
    EventStore eventStore;
    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void supplierTakesItsTime() {
        profile("PT1H", "PT2H", "PT3H", "PT4H");
    }

    @AfterEach
    void supplierBackToNormal() {
        profile("PT0.075S", "PT0.2S", "PT0.3S", "PT0.45S");
    }

    void profile(String accept, String fulfil, String track, String deliver) {
        profile(SUPPLIER, accept, fulfil, track, deliver);
    }

    void profile(String supplier, String accept, String fulfil, String track, String deliver) {
        var control = demo.sandbox().controlBaseUrl(supplier);
        TestHttp.client().build()
                .put().uri(control + "/profile").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"%s","fulfilAfter":"%s","trackAfter":"%s","deliverAfter":"%s","carrier":"DHL",
                         "rejectAll":false}""".formatted(accept, fulfil, track, deliver))
                .exchange().expectStatus().is2xxSuccessful();
    }

    @Test
    void aValidWebhookDeliveredThreeTimesChangesTheOrderOnceAndABadSignatureChangesNothing() {
        var orderId = place(orderBody(unique("webhook"), "NL", Map.of("HOODIE-GREY-L", 1))).path("orderId").asString();
        var submitted = awaitView(orderId, v -> v.path("status").asString().equals("AWAITING_SUPPLIER")
                && v.path("allocations").path(0).path("supplierOrderRef").isString(), Duration.ofSeconds(20));
        var allocation = submitted.path("allocations").path(0);
        assertThat(allocation.path("allocationId").asString()).isEqualTo(orderId + "-1");
        var supplierOrderId = allocation.path("supplierOrderRef").asString();
        var body = """
                {"eventId":"%s","type":"order.accepted","occurredAt":"%s",
                 "data":{"orderId":"%s","reference":"%s"}}""".formatted(UUID.randomUUID(), Instant.now(),
                supplierOrderId, orderId + "-1");

        deliver(body, signature("not-the-secret", body)).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        pause(Duration.ofSeconds(1));
        assertThat(view(orderId, STOREFRONT_KEY).path("status").asString()).isEqualTo("AWAITING_SUPPLIER");

        for (int i = 0; i < 3; i++) {
            deliver(body, signature(SECRET, body)).expectStatus().isOk();
        }

        awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(20));
        pause(Duration.ofSeconds(1));
        long accepted = eventStore.readEvents(orderId).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals("SupplierOrderAcceptedEvent")).count();
        assertThat(accepted).isEqualTo(1);
    }

    /** A report the order cannot take (a line the supplier was not given) is for people: timeline and exceptions list. */
    @Test
    void aWebhookTheOrderRefusesShowsOnTheTimelineAndInTheExceptionsList() {
        var orderId = place(orderBody(unique("refused"), "NL", Map.of("HOODIE-GREY-L", 1))).path("orderId").asString();
        var submitted = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(20));
        var supplierOrderId = submitted.path("allocations").path(0).path("supplierOrderRef").asString();
        var now = Instant.now();
        var fulfillment = """
                {"eventId":"%s","type":"fulfillment.created","occurredAt":"%s",
                 "data":{"orderId":"%s","reference":"%s","fulfillmentId":"F-refused-1","acceptedAt":"%s",
                         "lines":[{"lineReference":"L9","quantity":1}]}}""";
        // the supplier reports it twice, as a redelivery and as a new report of the same fact
        var body = fulfillment.formatted(UUID.randomUUID(), now, supplierOrderId, orderId + "-1", now);
        deliver(body, signature(SECRET, body)).expectStatus().isOk();
        deliver(body, signature(SECRET, body)).expectStatus().isOk();
        var again = fulfillment.formatted(UUID.randomUUID(), now, supplierOrderId, orderId + "-1", now);
        deliver(again, signature(SECRET, again)).expectStatus().isOk();

        // what the delivery said that the order can take (the acceptance) is taken; the package is not
        var view = awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(20));
        assertThat(view.path("shipments").size()).isZero();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var timeline = JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            var refused = new java.util.ArrayList<String>();
            timeline.forEach(entry -> {
                if (entry.path("type").asString().equals("SupplierReportRefused")) {
                    refused.add(entry.path("text").asString());
                }
            });
            assertThat(refused).singleElement().satisfies(text -> assertThat(text)
                    .contains("Supplier " + SUPPLIER, "package F-refused-1 with line L9 ×1",
                            "line L9 is not part of this supplier order (its lines: L1)"));
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var exceptions = JSON.readTree(http().get().uri("/api/v1/exceptions?within=PT1H&limit=1000")
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            var mine = new java.util.ArrayList<tools.jackson.databind.JsonNode>();
            exceptions.forEach(e -> {
                if (e.path("orderId").asString().equals(orderId)) {
                    mine.add(e);
                }
            });
            assertThat(mine).singleElement().satisfies(e -> {
                assertThat(e.path("reason").asString()).isEqualTo("SUPPLIER_REPORT_REFUSED");
                assertThat(e.path("detail").asString()).contains(SUPPLIER, "line L9 is not part of this supplier order");
            });
        });
    }

    /**
     * A supplier order linked before the link kept its lines: a report in supplier units (3 socks of a 3-pack) is
     * converted with the lines of the routing decision, which the read side answers for.
     */
    @Test
    void aReportForALinkWithoutItsLinesIsConvertedWithTheRoutingDecision() {
        var packs = "berlin-gear";
        var sandbox = TestHttp.client().build();
        var control = demo.sandbox().controlBaseUrl(packs) + "/profile";
        var usual = sandbox.get().uri(control).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody();
        profile(packs, "PT1H", "PT2H", "PT3H", "PT4H");
        try {
            var orderId = place(orderBody(unique("old-link"), "DE", Map.of("SOCKS-3PACK", 1))).path("orderId").asString();
            var submitted = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                    Duration.ofSeconds(20));
            var allocationId = submitted.path("allocations").path(0).path("allocationId").asString();
            var supplierOrderId = submitted.path("allocations").path(0).path("supplierOrderRef").asString();
            assertThat(jdbc.update("UPDATE supplier_order_link SET lines = NULL WHERE allocation_id = ?", allocationId))
                    .isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM routing_decision WHERE allocation_id = ?", Long.class, allocationId) == 1);
            var now = Instant.now();
            var body = """
                    {"eventId":"%s","type":"fulfillment.created","occurredAt":"%s",
                     "data":{"orderId":"%s","reference":"%s","fulfillmentId":"F-old-link-1","acceptedAt":"%s",
                             "lines":[{"lineReference":"L1","quantity":3}]}}""".formatted(UUID.randomUUID(), now,
                    supplierOrderId, allocationId, now);
            http().post().uri("/webhooks/partner/{supplier}", packs)
                    .header("X-Orderflow-Signature", signature("sandbox-webhook-" + packs, body))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                    .exchange().expectStatus().isOk();

            var view = awaitView(orderId, v -> v.path("shipments").size() == 1, Duration.ofSeconds(20));
            assertThat(view.path("status").asString()).isEqualTo("IN_FULFILLMENT");
        } finally {
            sandbox.put().uri(control).contentType(MediaType.APPLICATION_JSON).bodyValue(usual)
                    .exchange().expectStatus().is2xxSuccessful();
        }
    }

    @Test
    void aMalformedWebhookWithAValidSignatureIsABadRequest() {
        var body = "{\"eventId\": 12, \"type\": ";
        deliver(body, signature(SECRET, body)).expectStatus().isBadRequest();
    }

    WebTestClient.ResponseSpec deliver(String body, String signature) {
        return http().post().uri("/webhooks/partner/{supplier}", SUPPLIER)
                .header("X-Orderflow-Signature", signature)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    static String signature(String secret, String body) {
        try {
            long t = Instant.now().getEpochSecond();
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            var hex = HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
            return "t=" + t + ",v1=" + hex;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void pause(Duration duration) {
        Awaitility.await().pollDelay(duration).until(() -> true);
    }
}
