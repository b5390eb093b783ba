package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.NOW;
import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.GatewayTestSupport;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class PlaceOrderTest extends GatewayTestSupport {

    private static final String ORDER_ID = OrderId.of(new RetailerId("retailer-a"), "ext-1").value();

    @Test
    void placesTheOrderAndAnswersARepeatWithTheSameAnswerWithoutSendingAgain() {
        givenCommandsSucceed();

        var first = place("key-1", OrderBodies.valid("ext-1")).expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/v1/orders/" + ORDER_ID)
                .expectHeader().contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.orderId").isEqualTo(ORDER_ID)
                .jsonPath("$.status").isEqualTo("PLACED")
                .jsonPath("$.trackingUrl").value(url -> assertThat((String) url)
                        .startsWith("https://orders.example.com/track/"))
                .returnResult();
        var second = place("key-1", OrderBodies.valid("ext-1")).expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/v1/orders/" + ORDER_ID)
                .expectBody().returnResult();

        assertThat(second.getResponseBody()).isEqualTo(first.getResponseBody());
        verify(commands, times(1)).send(any());
    }

    @Test
    void sendsAPlaceOrderCommandWithCorrelationIdAndActorFromAVirtualThread() {
        var onVirtualThread = new AtomicBoolean();
        doAnswer(call -> {
            onVirtualThread.set(Thread.currentThread().isVirtual());
            return CompletableFuture.completedFuture(ORDER_ID);
        }).when(commands).send(any());

        place("key-2", OrderBodies.valid("ext-1"), "corr-123").expectStatus().isCreated()
                .expectHeader().valueEquals("X-Correlation-Id", "corr-123");

        var captor = ArgumentCaptor.forClass(Object.class);
        verify(commands).send(captor.capture());
        var message = (CommandMessage<?>) captor.getValue();
        var command = (PlaceOrderCommand) message.getPayload();
        assertThat(command.orderId().value()).isEqualTo(ORDER_ID);
        assertThat(command.retailerId()).isEqualTo(new RetailerId("retailer-a"));
        assertThat(command.placedAt()).isEqualTo(NOW);
        assertThat(command.currency()).isEqualTo("EUR");
        assertThat(command.lines()).hasSize(2);
        assertThat(command.lines().getFirst().quantity()).isEqualTo(2);
        assertThat(command.lines().getFirst().unitPrice().amount()).isEqualByComparingTo(new BigDecimal("19.90"));
        assertThat(command.destination().country()).isEqualTo("GB");
        assertThat(command.personalData().keyId()).isEqualTo(ORDER_ID);
        assertThat(command.toString()).doesNotContain("Lovelace").doesNotContain("ada@example.com");
        assertThat(command.promiseBy()).hasToString("2026-03-10");
        assertThat(message.getMetaData()).containsEntry("correlationId", "corr-123")
                .containsEntry("actor", "api-key:storefront-a");
        assertThat(onVirtualThread).isTrue();
    }

    @Test
    void sameKeyWithAnotherBodyIs422() {
        givenCommandsSucceed();
        place("key-3", OrderBodies.valid("ext-1")).expectStatus().isCreated();

        place("key-3", OrderBodies.valid("ext-2")).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(422);
        verify(commands, times(1)).send(any());
    }

    @Test
    void theSameBodyWrittenDifferentlyIsTheSameRequest() {
        givenCommandsSucceed();
        place("key-4", OrderBodies.valid("ext-1")).expectStatus().isCreated();

        String rewritten = OrderBodies.withLines("ext-1", """
                [{"unitPrice": 19.9000, "quantity": 2.0, "sku": "SKU-RED-M", "lineId": "1"},
                 {"lineId": "2", "sku": "SKU-BLUE-L", "quantity": 1, "unitPrice": 5.00}]""");
        place("key-4", rewritten).expectStatus().isCreated();
        verify(commands, times(1)).send(any());
    }

    @Test
    void withoutIdempotencyKeyIs400AndNothingIsSent() {
        web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(OrderBodies.valid("ext-1"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("Idempotency-Key"));
        verify(commands, never()).send(any());
    }

    @Test
    void anOverlongIdempotencyKeyIs400() {
        place("k".repeat(256), OrderBodies.valid("ext-1")).expectStatus().isBadRequest();
        verify(commands, never()).send(any());
    }

    @Test
    void whileTheFirstRequestRunsARepeatWaitsThenGets409() throws Exception {
        var pending = new CompletableFuture<Object>();
        doReturn(pending).when(commands).send(any());

        var first = CompletableFuture.supplyAsync(() -> place("key-5", OrderBodies.valid("ext-1"))
                .expectStatus().isCreated().expectBody().returnResult());
        awaitInFlight("key-5");

        long started = System.nanoTime();
        place("key-5", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                // when a retry finds the answer or, had the first request crashed, takes the key over
                .expectHeader().valueEquals("Retry-After", "30")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("in 30 s"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        pending.complete(ORDER_ID);
        first.get();
        place("key-5", OrderBodies.valid("ext-1")).expectStatus().isCreated();
        verify(commands, times(1)).send(any());
    }

    @Test
    void aRepeatThatArrivesWhileTheFirstRunsGetsItsAnswerOnceItIsDone() throws Exception {
        var pending = new CompletableFuture<Object>();
        doReturn(pending).when(commands).send(any());

        var first = CompletableFuture.supplyAsync(() -> place("key-6", OrderBodies.valid("ext-1"))
                .expectStatus().isCreated().expectBody().returnResult());
        awaitInFlight("key-6");
        var repeat = CompletableFuture.supplyAsync(() -> place("key-6", OrderBodies.valid("ext-1"))
                .expectStatus().isCreated().expectBody().returnResult());
        Thread.sleep(100);
        pending.complete(ORDER_ID);

        assertThat(repeat.get().getResponseBody()).isEqualTo(first.get().getResponseBody());
        verify(commands, times(1)).send(any());
    }

    @Test
    void aRuleViolationIs422AndIsTheAnswerForTheKey() {
        doReturn(CompletableFuture.failedFuture(new RuleBroken("line id 1 appears twice"))).when(commands).send(any());

        place("key-7", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(422)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("line id 1 appears twice");
        place("key-7", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(422);
        verify(commands, times(1)).send(any());
    }

    @Test
    void anOrderThatExistsIs409WithItsId() {
        doReturn(CompletableFuture.failedFuture(new AggregateStreamCreationException("Cannot reuse aggregate identifier")))
                .when(commands).send(any());

        place("key-8", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.orderId").isEqualTo(ORDER_ID);
        place("key-8", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(409);
        verify(commands, times(1)).send(any());
    }

    @Test
    void anOrderThatExistsIs409EvenWhenAxonOnlyReportsTheUniqueViolation() {
        // what Axon 4.13 throws on PostgreSQL with its default JdbcSQLErrorCodesResolver: EventStoreException
        var batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", 0, new int[0]);
        batch.setNextException(new SQLException("duplicate key value violates unique constraint", "23505"));
        doReturn(CompletableFuture.failedFuture(new RuntimeException("Cannot reuse aggregate identifier", batch)))
                .when(commands).send(any());

        place("key-9", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.orderId").isEqualTo(ORDER_ID);
    }

    @Test
    void anyOtherFailureIs503AndTheKeyIsFreeForTheRetry() {
        doReturn(CompletableFuture.failedFuture(new IllegalStateException("database is down")))
                .when(commands).send(any());
        place("key-10", OrderBodies.valid("ext-1")).expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("database"));
        assertThat(idempotencyStore.holds("retailer-a", "key-10")).isFalse();

        givenCommandsSucceed();
        place("key-10", OrderBodies.valid("ext-1")).expectStatus().isCreated();
        verify(commands, times(2)).send(any());
    }

    @Test
    void aKeyWithoutTheWriteScopeIs403() {
        web.post().uri("/api/v1/orders").header("X-Api-Key", READER_A).header("Idempotency-Key", "key-11")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(OrderBodies.valid("ext-1"))
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id");
        verify(commands, never()).send(any());
    }

    private void givenCommandsSucceed() {
        doReturn(CompletableFuture.completedFuture(ORDER_ID)).when(commands).send(any());
    }

    private void awaitInFlight(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!idempotencyStore.isInFlight("retailer-a", key)) {
            assertThat(System.nanoTime()).as("key claimed in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private WebTestClient.ResponseSpec place(String key, String body) {
        return place(key, body, null);
    }

    private WebTestClient.ResponseSpec place(String key, String body, String correlationId) {
        var request = web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON);
        if (correlationId != null) {
            request = request.header("X-Correlation-Id", correlationId);
        }
        return request.bodyValue(body).exchange();
    }

    /** Stands in for the aggregate's OrderRuleViolation (command-side is not a dependency of the gateway). */
    private static final class RuleBroken extends IllegalArgumentException {
        RuleBroken(String message) {
            super(message);
        }
    }
}
