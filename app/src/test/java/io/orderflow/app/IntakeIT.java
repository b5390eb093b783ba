package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/** Order intake over real HTTP: idempotency keys and tenant isolation. */
class IntakeIT extends AppIntegrationTestBase {

    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    record Answer(int status, String location, String body) {
    }

    Mono<Answer> post(String idempotencyKey, String body) {
        return Mono.fromCallable(() -> {
            var result = http().post().uri("/api/v1/orders")
                    .header("X-Api-Key", STOREFRONT_KEY)
                    .header("Idempotency-Key", idempotencyKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectBody(String.class).returnResult();
            return new Answer(result.getStatus().value(), result.getResponseHeaders().getFirst("Location"),
                    result.getResponseBody());
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @Test
    void fiftyConcurrentRetriesOfOneRequestCreateOneOrderAndGetOneAnswer() {
        var key = UUID.randomUUID().toString();
        var externalId = unique("idem");
        var body = orderBody(externalId, "DE", Map.of("MUG-LOGO", 1));

        List<Answer> answers = Flux.range(0, 50).flatMap(i -> post(key, body), 50).collectList()
                .block(Duration.ofSeconds(60));

        assertThat(answers).hasSize(50).allSatisfy(answer -> assertThat(answer).isEqualTo(answers.getFirst()));
        assertThat(answers.getFirst().status()).isEqualTo(201);
        var orderId = JSON.readTree(answers.getFirst().body()).path("orderId").asString();
        assertThat(answers.getFirst().location()).isEqualTo("/api/v1/orders/" + orderId);
        long placedEvents = eventStore.readEvents(orderId).asStream()
                .filter(e -> e.getPayloadType().getSimpleName().equals("OrderPlacedEvent")).count();
        assertThat(placedEvents).isEqualTo(1);
        assertThat(orderId).isEqualTo(OrderId.of(new io.orderflow.coreapi.shared.RetailerId("demo-retailer"),
                externalId).value());
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        var key = UUID.randomUUID().toString();
        assertThat(post(key, orderBody(unique("a"), "DE", Map.of("MUG-LOGO", 1))).block().status()).isEqualTo(201);

        var other = post(key, orderBody(unique("b"), "DE", Map.of("MUG-LOGO", 2))).block();

        assertThat(other.status()).isEqualTo(422);
        assertThat(JSON.readTree(other.body()).path("title").asString()).isNotBlank();
    }

    @Test
    void aKeyStillInFlightAnswersConflict() {
        var key = UUID.randomUUID().toString();
        var body = orderBody(unique("inflight"), "DE", Map.of("MUG-LOGO", 1));
        assertThat(post(key, body).block().status()).isEqualTo(201);
        // as if the first request were still running (or had died before answering)
        jdbc.update("UPDATE idempotency_record SET state = 'IN_FLIGHT', status_code = NULL, response_body = NULL, "
                + "created_at = now() WHERE retailer_id = ? AND idem_key = ?", "demo-retailer", key);

        var answer = post(key, body).block();

        assertThat(answer.status()).isEqualTo(409);
        assertThat(JSON.readTree(answer.body()).path("status").asInt()).isEqualTo(409);
    }

    @Test
    void aRequestWithoutKeyIsRefusedAndCreatesNothing() {
        var externalId = unique("nokey");
        http().post().uri("/api/v1/orders")
                .header("X-Api-Key", STOREFRONT_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(orderBody(externalId, "DE", Map.of("MUG-LOGO", 1)))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        var orderId = OrderId.of(new io.orderflow.coreapi.shared.RetailerId("demo-retailer"), externalId).value();
        assertThat(eventStore.readEvents(orderId).asStream().count()).isZero();
    }

    @Test
    void aRetailerCannotSeeAnotherRetailersOrders() {
        var otherKey = "other-retailer-key-" + UUID.randomUUID();
        jdbc.update("INSERT INTO api_key (key_hash, name, retailer_id, scopes) VALUES (?, ?, ?, ?)",
                sha256(otherKey), "other", "other-retailer", new String[]{"orders:read", "orders:write"});
        var orderId = place(orderBody(unique("tenant"), "DE", Map.of("MUG-LOGO", 1))).path("orderId").asString();
        awaitView(orderId, v -> true, Duration.ofSeconds(10));

        for (var path : List.of("/api/v1/orders/{id}", "/api/v1/orders/{id}/timeline")) {
            http().get().uri(path, orderId).header("X-Api-Key", otherKey)
                    .exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http().get().uri("/api/v1/orders/{id}", orderId).exchange().expectStatus().isUnauthorized();
    }

    @Test
    void everyAnswerCarriesTheCorrelationId() {
        http().get().uri("/api/v1/orders/{id}", "nope").header("X-Correlation-Id", "corr-123")
                .exchange()
                .expectHeader().valueEquals("X-Correlation-Id", "corr-123");
    }

    static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
