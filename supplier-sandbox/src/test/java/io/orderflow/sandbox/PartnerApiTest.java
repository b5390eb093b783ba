package io.orderflow.sandbox;

import static io.orderflow.sandbox.SandboxFixture.API_SECRET;
import static io.orderflow.sandbox.SandboxFixture.eventually;
import static io.orderflow.sandbox.SandboxFixture.json;
import static io.orderflow.sandbox.SandboxFixture.orderBody;
import static io.orderflow.sandbox.SandboxFixture.signature;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PartnerApiTest {

    private SandboxFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new SandboxFixture();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void canPlaceOneOrderForTwentyConcurrentRequestsWithOneIdempotencyKey() throws Exception {
        int requests = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(requests)) {
            for (int i = 0; i < requests; i++) {
                String body = orderBody("ALLOC-" + i, "SKU-1", 1);
                responses.add(clients.submit(() -> {
                    go.await();
                    return fixture.placeOrder("same-key", body);
                }));
            }
            go.countDown();
        }
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) {
            assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(201);
            ids.add(json(response.get()).path("id").asString());
        }
        assertThat(ids).hasSize(requests).containsOnly(ids.getFirst());
        assertThat(ids.getFirst()).startsWith("PO-acme-");

        JsonNode orders = fixture.supplierOrders();
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("id").asString()).isEqualTo(ids.getFirst());
        assertThat(orders.get(0).path("idempotencyKey").asString()).isEqualTo("same-key");
        // accepted, fulfilled, tracked, delivered, and the invoice after delivery
        assertThat(plannedWebhooks(ids.getFirst())).isEqualTo(5);
    }

    @Test
    void canReplayTheFirstAnswerForARepeatedKeyWhateverTheBody() {
        HttpResponse<String> first = fixture.placeOrder("key-1", orderBody("ALLOC-1", "SKU-1", 1));
        HttpResponse<String> again = fixture.placeOrder("key-1", "{\"not\":\"an order\"}");

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(json(first).path("reference").asString()).isEqualTo("ALLOC-1");
        assertThat(json(first).path("status").asString()).isEqualTo("RECEIVED");
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(fixture.supplierOrders()).hasSize(1);
    }

    @Test
    void cannotPlaceAnOrderWithABadSignature() {
        String body = orderBody("ALLOC-1", "SKU-1", 1);
        long now = Instant.now().getEpochSecond();
        List<String> badSignatures = new ArrayList<>();
        badSignatures.add(signature("not-the-secret", now, body));
        badSignatures.add(signature(SandboxFixture.WEBHOOK_SECRET, now, body));
        badSignatures.add(signature(API_SECRET, now - 600, body));
        badSignatures.add(signature(API_SECRET, now, body + " "));
        badSignatures.add("t=" + now + ",v1=");
        badSignatures.add("garbage");
        badSignatures.add(null);

        for (String badSignature : badSignatures) {
            HttpResponse<String> response = fixture.partner("POST", "/orders", body, badSignature, "key-" + badSignature);
            assertThat(response.statusCode()).as(String.valueOf(badSignature)).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(response).path("status").asInt()).isEqualTo(401);
        }
        assertThat(fixture.supplierOrders()).isEmpty();
        assertThat(fixture.partner("GET", "/inventory", "", signature("wrong", now, ""), null).statusCode()).isEqualTo(401);
    }

    @Test
    void cannotPlaceAnOrderWithoutAKeyOrAValidBody() {
        HttpResponse<String> noKey = fixture.placeOrder(null, orderBody("ALLOC-1", "SKU-1", 1));
        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(noKey.headers().firstValue("Content-Type")).contains("application/problem+json");

        assertThat(fixture.placeOrder("k1", "{not json").statusCode()).isEqualTo(400);
        assertThat(fixture.placeOrder("k2", "{\"reference\":\"A\",\"orderReference\":\"O\",\"lines\":[]}").statusCode())
                .isEqualTo(400);
        assertThat(fixture.placeOrder("k3", orderBody("ALLOC-1", "SKU-1", 0)).statusCode()).isEqualTo(400);
        assertThat(fixture.placeOrder("k4", orderBody("ALLOC-1", "SKU-1", 1).replace("\"city\":\"Berlin\",", ""))
                .statusCode()).isEqualTo(400);
        assertThat(fixture.supplierOrders()).isEmpty();
    }

    @Test
    void cannotReachAnUnknownSupplierOrOrder() {
        String body = orderBody("ALLOC-1", "SKU-1", 1);
        HttpResponse<String> unknownSupplier = fixture.send(
                HttpRequest.newBuilder(URI.create(fixture.sandbox.partnerBaseUrl("nobody") + "/orders"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .header("Idempotency-Key", "k")
                        .header("X-Orderflow-Signature", signature(API_SECRET, Instant.now().getEpochSecond(), body))
                        .build());
        assertThat(unknownSupplier.statusCode()).isEqualTo(404);
        assertThat(fixture.partnerGet("/orders/PO-acme-999").statusCode()).isEqualTo(404);
        assertThat(fixture.partnerPost("/orders/PO-acme-999/cancel", "").statusCode()).isEqualTo(404);
    }

    @Test
    void canShowAnOrderAndTheInventory() {
        String orderId = fixture.placeOrder("ALLOC-1");

        JsonNode order = json(fixture.partnerGet("/orders/" + orderId));
        assertThat(order.path("id").asString()).isEqualTo(orderId);
        assertThat(order.path("reference").asString()).isEqualTo("ALLOC-1");
        assertThat(order.path("orderReference").asString()).isEqualTo("ORD-ALLOC-1");
        assertThat(order.path("lines").get(0).path("supplierSku").asString()).isEqualTo("SKU-1");
        assertThat(order.path("shipTo").path("country").asString()).isEqualTo("DE");

        JsonNode levels = json(fixture.partnerGet("/inventory")).path("levels");
        assertThat(levels).hasSize(3);
        assertThat(levels.get(0).path("supplierSku").asString()).isEqualTo("SKU-1");
        assertThat(Instant.parse(levels.get(0).path("asOf").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void canFailTheNextCallsOnDemand() {
        assertThat(fixture.control("POST", "/fail-next?count=2&status=503", null).statusCode()).isEqualTo(204);

        HttpResponse<String> first = fixture.partnerGet("/inventory");
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        assertThat(fixture.placeOrder("key-x", orderBody("ALLOC-X", "SKU-1", 1)).statusCode()).isEqualTo(503);
        assertThat(fixture.partnerGet("/inventory").statusCode()).isEqualTo(200);
        assertThat(fixture.supplierOrders()).isEmpty();
    }

    @Test
    void canChangeStockAndProfileThroughTheControlApi() {
        assertThat(fixture.control("PUT", "/stock",
                "{\"levels\":[{\"supplierSku\":\"SKU-9\",\"locationId\":\"WH-3\",\"available\":42}]}").statusCode())
                .isEqualTo(204);
        JsonNode levels = json(fixture.partnerGet("/inventory")).path("levels");
        assertThat(levels).hasSize(4);
        assertThat(levels.get(3).path("available").asInt()).isEqualTo(42);
        assertThat(fixture.control("PUT", "/stock", "{\"levels\":[{\"supplierSku\":\"SKU-9\"}]}").statusCode())
                .isEqualTo(400);

        assertThat(fixture.control("PUT", "/profile", """
                {"acceptAfter":"PT0.05S","fulfilAfter":"PT0.1S","trackAfter":"PT0.15S","deliverAfter":"PT0.2S",
                  "carrier":"DPD","rejectAll":true}""").statusCode()).isEqualTo(204);
        JsonNode profile = json(fixture.control("GET", "/profile", null));
        assertThat(profile.path("acceptAfter").asString()).isEqualTo("PT0.05S");
        assertThat(profile.path("rejectAll").asBoolean()).isTrue();
        assertThat(fixture.control("PUT", "/profile", "{\"acceptAfter\":\"PT-1S\"}").statusCode()).isEqualTo(400);

        String orderId = fixture.placeOrder("ALLOC-REJECT-ALL");
        eventually(Duration.ofSeconds(10), "a rejection", () -> !fixture.receiver.acceptedFor(orderId).isEmpty());
        assertThat(fixture.receiver.acceptedFor(orderId).getFirst().type()).isEqualTo("order.rejected");
    }

    private int plannedWebhooks(String orderId) throws Exception {
        try (Connection connection = fixture.dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from sandbox.webhook_delivery where order_id = ?")) {
            count.setString(1, orderId);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
