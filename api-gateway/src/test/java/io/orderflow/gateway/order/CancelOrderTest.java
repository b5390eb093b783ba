package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.LinesNotCancellable;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.gateway.GatewayTestSupport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class CancelOrderTest extends GatewayTestSupport {

    @Test
    void acceptsACancellationOnceForAKeyAndSendsTheLines() {
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());

        var first = cancel("c-1", "{\"lines\":[{\"lineId\":\"L1\",\"quantity\":2},{\"lineId\":\"L2\"}],\"reason\":\"r\"}")
                .expectStatus().isAccepted().expectBody().jsonPath("$.status").isEqualTo("CANCELLATION_REQUESTED")
                .returnResult();
        var again = cancel("c-1", "{\"lines\":[{\"lineId\":\"L1\",\"quantity\":2},{\"lineId\":\"L2\"}],\"reason\":\"r\"}")
                .expectStatus().isAccepted().expectBody().returnResult();

        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        var captor = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, times(1)).send(captor.capture());
        var command = (CancelOrderCommand) captor.getValue().getPayload();
        assertThat(command.lines()).containsExactly(new LineQuantity("L1", 2), new LineQuantity("L2", 0));
        assertThat(command.retailerId().value()).isEqualTo("retailer-a");
    }

    @Test
    void refusesShippedLinesWithAConflictNamingThem() {
        doReturn(CompletableFuture.failedFuture(new LinesNotCancellable(List.of("L1")))).when(commands).send(any());

        cancel("c-2", "{}").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.lines[0]").isEqualTo("L1")
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("already shipped"));
    }

    @Test
    void refusesWithoutKeyOrWithoutWriteScope() {
        // the problem speaks of this endpoint: a key per cancellation request, not "per order"
        web.post().uri("/api/v1/orders/{id}/cancellation", "2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", WRITER_A)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("Idempotency-Key", "per cancellation request").doesNotContain("per order"));
        web.post().uri("/api/v1/orders/{id}/cancellation", "2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", READER_A)
                .header("Idempotency-Key", "c-3").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains("orders:write", "/api/v1/orders/2f1c6f7e-0000-3000-8000-0000000000c1/cancellation"))
                .jsonPath("$.requiredScopes[0]").isEqualTo("orders:write");
        cancel("c-4", "{\"lines\":[{\"lineId\":\"\",\"quantity\":-1}]}").expectStatus().isBadRequest();
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec cancel(String key, String body) {
        return web.post().uri("/api/v1/orders/{id}/cancellation", "2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", WRITER_A)
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
