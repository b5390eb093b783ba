package io.orderflow.gateway.web;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;

import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.gateway.GatewayTestSupport;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdTest extends GatewayTestSupport {

    @Test
    void theCallersIdIsEchoed() {
        givenNoOrder();
        web.get().uri("/api/v1/orders/2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", READER_A).header("X-Correlation-Id", "abc-123")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().valueEquals("X-Correlation-Id", "abc-123");
    }

    @Test
    void anIdIsMadeWhenNoneIsSent() {
        givenNoOrder();
        String id = web.get().uri("/api/v1/orders/2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", READER_A)
                .exchange()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(UUID.fromString(id)).isNotNull();
    }

    @Test
    void anInsaneIdIsReplaced() {
        givenNoOrder();
        String id = web.get().uri("/api/v1/orders/2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", READER_A)
                .header("X-Correlation-Id", "x".repeat(500))
                .exchange()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Correlation-Id");
        assertThat(UUID.fromString(id)).isNotNull();
    }

    /** The query is sent from a virtual thread, not the thread that took the request: the id must follow it. */
    @Test
    void theIdIsInTheMdcOfWhatHandlesTheRequest() {
        var seen = new AtomicReference<String>();
        var thread = new AtomicReference<Thread>();
        doAnswer(call -> {
            seen.set(MDC.get("correlationId"));
            thread.set(Thread.currentThread());
            return CompletableFuture.completedFuture(Optional.empty());
        }).when(queries).query(any(FindOrderViewQuery.class), any(ResponseType.class));
        web.get().uri("/api/v1/orders/2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", READER_A).header("X-Correlation-Id", "mdc-123")
                .exchange()
                .expectStatus().isNotFound();
        assertThat(thread.get().isVirtual()).as("handled on a virtual thread").isTrue();
        assertThat(seen.get()).isEqualTo("mdc-123");
    }

    private void givenNoOrder() {
        doReturn(CompletableFuture.completedFuture(Optional.empty()))
                .when(queries).query(any(FindOrderViewQuery.class), any(ResponseType.class));
    }
}
