package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.coreapi.order.OrderId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Storefront cancellation (DESIGN §4 step 7) over HTTP: before submission, after acceptance (the supplier agrees)
 * and after shipment (refused with a problem document naming the lines). cx-a accepts at once and takes hours to
 * ship, unless told to ship now.
 */
class CancellationIT extends AppIntegrationTestBase {

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    SandboxSuppliers sandbox;

    @BeforeEach
    void suppliers() {
        sandbox = new SandboxSuppliers(http(), demo, jdbc);
        sandbox.once(CancellationIT.class, suppliers -> {
            suppliers.register("cx-a", 1, Map.of("CX-SLOW", 50));
            suppliers.control("cx-a", "/profile", """
                    {"acceptAfter":"PT0.1S","fulfilAfter":"PT10H","trackAfter":"PT10H","deliverAfter":"PT10H",
                     "carrier":"DHL","rejectAll":false}""");
        });
    }

    WebTestClient.ResponseSpec cancel(String orderId, String key, String body) {
        var request = http().post().uri("/api/v1/orders/{id}/cancellation", orderId)
                .header("X-Api-Key", STOREFRONT_KEY);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** Another aggregate's id (a supplier's, a retailer's policy) names no order: 404, not a failed command. */
    @Test
    void theIdOfSomethingElseIsNoOrder() {
        for (String notAnOrder : List.of("berlin-gear", "demo-retailer", UUID.randomUUID().toString())) {
            cancel(notAnOrder, UUID.randomUUID().toString(), "{\"reason\":\"changed my mind\"}")
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void canCancelBeforeSubmission() {
        // nobody sells it: the order is backordered and no supplier has ever seen it
        var orderId = place(orderBody(unique("cx-before"), "DE", Map.of("CX-NOBODY", 2))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("BACKORDERED"), Duration.ofSeconds(30));

        cancel(orderId, null, "{}").expectStatus().isBadRequest();
        var key = UUID.randomUUID().toString();
        var first = cancel(orderId, key, "{\"reason\":\"customer changed their mind\"}").expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        var again = cancel(orderId, key, "{\"reason\":\"customer changed their mind\"}").expectStatus().isAccepted()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        cancel(orderId, key, "{\"reason\":\"another body\"}").expectStatus().isEqualTo(422);

        var cancelled = awaitView(orderId, v -> v.path("status").asString().equals("CANCELLED"), Duration.ofSeconds(30));
        assertThat(cancelled.path("lines").path(0).path("cancelled").asInt()).isEqualTo(2);
        assertThat(timeline(orderId, "RefundRequested")).anySatisfy(text -> assertThat(text).contains("39.80 EUR"));
        assertThat(sandbox.events(new OrderId(orderId).value(), "OrderLinesCancelledEvent")).isEqualTo(1);
        assertThat(sandbox.events(new OrderId(orderId).value(), "OrderCompletedEvent")).isEqualTo(1);
    }

    @Test
    void canCancelAfterAcceptanceWhenTheSupplierAgrees() {
        var externalId = unique("cx-accepted");
        var orderId = place(orderBody(externalId, "DE", Map.of("CX-SLOW", 3))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(30));
        assertThat(reservedFor(orderId)).isEqualTo(3);

        cancel(orderId, UUID.randomUUID().toString(), "{\"lines\":[{\"lineId\":\"L1\",\"quantity\":3}]}")
                .expectStatus().isAccepted();

        var cancelled = awaitView(orderId, v -> v.path("status").asString().equals("CANCELLED"), Duration.ofSeconds(30));
        assertThat(cancelled.path("lines").path(0).path("cancelled").asInt()).isEqualTo(3);
        var ref = jdbc.queryForObject("SELECT supplier_order_ref FROM supplier_order_link WHERE order_id = ?",
                String.class, orderId);
        assertThat(sandbox.orders("cx-a")).anySatisfy(order -> {
            assertThat(order.path("id").asString()).isEqualTo(ref);
            assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        });
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> reservedFor(orderId) == 0);
        assertThat(timeline(orderId, "OrderLinesCancelled")).isNotEmpty();
        assertThat(timeline(orderId, "RefundRequested")).isNotEmpty();
        // the customer hears of it once, through the integration events
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cancellationMails(externalId) == 1);
    }

    static long cancellationMails(String externalId) throws Exception {
        long count = 0;
        for (var message : MAIL.getReceivedMessages()) {
            if (message.getSubject().equals("Your order was cancelled (order " + externalId + ")")) {
                count++;
            }
        }
        return count;
    }

    @Test
    void cannotCancelAfterShipment() {
        var orderId = place(orderBody(unique("cx-shipped"), "DE", Map.of("CX-SLOW", 1))).path("orderId").asString();
        awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(30));
        var ref = jdbc.queryForObject("SELECT supplier_order_ref FROM supplier_order_link WHERE order_id = ?",
                String.class, orderId);
        sandbox.control("cx-a", "/orders/" + ref + "/ship-now", null);
        awaitView(orderId, v -> v.path("lines").path(0).path("shipped").asInt() == 1, Duration.ofSeconds(30));

        var problem = JSON.readTree(cancel(orderId, UUID.randomUUID().toString(), "{}")
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(problem.path("detail").asString()).contains("L1").contains("already shipped");
        assertThat(problem.path("lines").path(0).asString()).isEqualTo("L1");
        assertThat(sandbox.events(new OrderId(orderId).value(), "OrderCancellationRequestedEvent")).isZero();
        assertThat(view(orderId, STOREFRONT_KEY).path("lines").path(0).path("cancelled").asInt()).isZero();
    }

    @Test
    void cannotCancelAnotherRetailersOrUnknownOrder() {
        cancel(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "{}").expectStatus().isNotFound();
        http().post().uri("/api/v1/orders/{id}/cancellation", UUID.randomUUID().toString())
                .header("X-Api-Key", "dev-auditor-key").header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isForbidden();
    }

    /** What the order holds on the position: reserved, or committed once the supplier accepted, until released. */
    long reservedFor(String orderId) {
        Long reserved = jdbc.queryForObject("""
                SELECT coalesce(sum(CASE WHEN payloadtype LIKE '%.StockReservedEvent'
                    THEN (convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int
                    ELSE -(convert_from(payload, 'UTF8')::jsonb ->> 'quantity')::int END), 0)
                FROM domainevententry WHERE aggregateidentifier = 'cx-a/main/cx-a-CX-SLOW'
                  AND convert_from(payload, 'UTF8') LIKE '%' || ? || '%'
                  AND (payloadtype LIKE '%.StockReservedEvent' OR payloadtype LIKE '%.StockReleasedEvent'
                       OR payloadtype LIKE '%.CommittedStockReleasedEvent')""",
                Long.class, orderId);
        return reserved == null ? 0 : reserved;
    }

    List<String> timeline(String orderId, String type) {
        var texts = new ArrayList<String>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            texts.clear();
            JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                            .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                            .expectBody(String.class).returnResult().getResponseBody())
                    .forEach(entry -> {
                        if (entry.path("type").asString().equals(type)) {
                            texts.add(entry.path("text").asString());
                        }
                    });
            assertThat(texts).isNotEmpty();
        });
        return texts;
    }
}
