package io.orderflow.gateway.web;

import static io.orderflow.gateway.GatewayTestApplication.ADMIN_A;
import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.stock.FindSupplierLocationsQuery;
import io.orderflow.coreapi.stock.SupplierLocations;
import io.orderflow.gateway.GatewayTestApplication;
import io.orderflow.gateway.GatewayTestSupport;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Client mistakes found by the hostile-input review (issue 11): each is a 4xx naming what is wrong, never a 5xx. */
class StrictInputTest extends GatewayTestSupport {

    @Test
    void aCancellationWithANullLineIs400() {
        cancel("{\"lines\":[null]}").expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("lines[0]");
        verify(commands, never()).send(any());
    }

    @Test
    void aCancellationReasonMaySpanLinesButHoldNoNul() {
        cancel("{\"reason\":\"a\\u0000b\"}").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("reason");
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());
        cancel("{\"reason\":\"first line\\nsecond line\"}").expectStatus().isAccepted();
    }

    @Test
    void controlCharactersInQueryParametersPathsAndHeadersAre400NotRetryable() {
        web.get().uri(URI.create("/api/v1/inventory?sku=%00")).header("X-Api-Key", READER_A).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().doesNotExist("Retry-After")
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("sku");
        web.get().uri(URI.create("/api/v1/orders/a%00b")).header("X-Api-Key", READER_A).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("path");
        web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", "k\u0001")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("Idempotency-Key");
        verify(queries, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void aStockReportWithANulSkuOrAnImplausibleAsOfIs400() {
        givenSupplier("acme", "main");
        stock("acme", "{\"levels\":[{\"supplierSku\":\"A\\u0000\",\"locationId\":\"main\",\"available\":1,"
                + "\"asOf\":\"2026-03-01T10:00:00Z\"}]}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("levels[0].supplierSku");
        for (String asOf : List.of("12", "\"1970-01-01T00:00:12Z\"", "\"2024-01-01T00:00:00Z\"", "\"2026-03-01T11:00:00Z\"",
                "\"+999999999-12-31T23:59:59Z\"")) {
            stock("acme", "{\"levels\":[{\"supplierSku\":\"A\",\"locationId\":\"main\",\"available\":1,\"asOf\":" + asOf
                    + "}]}")
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("levels[0].asOf");
        }
        stock("acme", "{\"levels\":[{\"supplierSku\":\"A\",\"locationId\":\"main\",\"available\":\"1\","
                + "\"asOf\":\"2026-03-01T10:00:00Z\"}]}")
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("levels[0].available");
        verify(commands, never()).send(any());
    }

    private void givenSupplier(String supplierId, String location) {
        doReturn(CompletableFuture.completedFuture(Optional.of(new SupplierLocations(supplierId, List.of(location)))))
                .when(queries).query(any(FindSupplierLocationsQuery.class), any(ResponseType.class));
    }

    private WebTestClient.ResponseSpec cancel(String body) {
        return web.post().uri("/api/v1/orders/{id}/cancellation", "2f1c6f7e-0000-3000-8000-0000000000c1").header("X-Api-Key", WRITER_A)
                .header("Idempotency-Key", "cancel-" + body.hashCode())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec stock(String supplierId, String body) {
        return web.post().uri("/api/v1/suppliers/{id}/stock", supplierId).header("X-Api-Key", ADMIN_A)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    static {
        assertThat(GatewayTestApplication.NOW.toString()).isEqualTo("2026-03-01T10:15:30Z");
    }
}
