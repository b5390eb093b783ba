package io.orderflow.gateway.web;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;

import io.orderflow.coreapi.query.FindOrderViewQuery;
import io.orderflow.gateway.GatewayTestSupport;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;

class CorrelationIdTest extends GatewayTestSupport {

    @Test
    void theCallersIdIsEchoed() {
        givenNoOrder();
        web.get().uri("/api/v1/orders/o-1").header("X-Api-Key", READER_A).header("X-Correlation-Id", "abc-123")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Correlation-Id", "abc-123");
    }

    @Test
    void anIdIsMadeWhenNoneIsSent() {
        givenNoOrder();
        String id = web.get().uri("/api/v1/orders/o-1").header("X-Api-Key", READER_A)
                .exchange()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(UUID.fromString(id)).isNotNull();
    }

    @Test
    void anInsaneIdIsReplaced() {
        givenNoOrder();
        String id = web.get().uri("/api/v1/orders/o-1").header("X-Api-Key", READER_A)
                .header("X-Correlation-Id", "x".repeat(500))
                .exchange()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(UUID.fromString(id)).isNotNull();
    }

    private void givenNoOrder() {
        doReturn(CompletableFuture.completedFuture(Optional.empty()))
                .when(queries).query(any(FindOrderViewQuery.class), any(ResponseType.class));
    }
}
