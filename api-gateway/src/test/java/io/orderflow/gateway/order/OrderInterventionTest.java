package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.ADMIN_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.AllocateOrderLinesManuallyCommand;
import io.orderflow.coreapi.order.OrderStateConflict;
import io.orderflow.coreapi.order.ReleaseOrderHoldCommand;
import io.orderflow.gateway.GatewayTestSupport;

import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class OrderInterventionTest extends GatewayTestSupport {

    static final String ORDER = "0f8fad5b-d9cb-469f-a165-70867728950e";

    @Test
    void answersNotFoundForWhatCannotBeAnOrderId() {
        web.post().uri("/api/v1/orders/{id}/hold-release", "berlin-gear").header("X-Api-Key", ADMIN_A)
                .header("Idempotency-Key", "n-1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"r\"}").exchange().expectStatus().isNotFound();
        verify(commands, never()).send(any());
    }

    @Test
    void releasesOnceForAKeyWithTheCallerAsActor() {
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());

        var first = act("hold-release", "r-1", "{\"reason\":\"stock arrived\"}").expectStatus().isAccepted()
                .expectBody().jsonPath("$.outcome").isEqualTo("HOLD_RELEASED").returnResult();
        var again = act("hold-release", "r-1", "{\"reason\":\"stock arrived\"}").expectStatus().isAccepted()
                .expectBody().returnResult();

        assertThat(again.getResponseBody()).isEqualTo(first.getResponseBody());
        var captor = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands, times(1)).send(captor.capture());
        var command = (ReleaseOrderHoldCommand) captor.getValue().getPayload();
        assertThat(command.actor()).isEqualTo("api-key:admin-a");
        assertThat(command.reason()).isEqualTo("stock arrived");
        assertThat(command.retailerId().value()).isEqualTo("retailer-a");
        assertThat(captor.getValue().getMetaData()).containsEntry("actor", "api-key:admin-a");
    }

    @Test
    void answersAConflictWhenTheOrderDoesNotAllowIt() {
        doReturn(CompletableFuture.failedFuture(new OrderStateConflict("order o-1 is not on hold")))
                .when(commands).send(any());

        act("hold-release", "r-2", "{\"reason\":\"r\"}").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").isEqualTo("order o-1 is not on hold");
    }

    @Test
    void answersNotFoundForAnotherRetailersOrder() {
        doReturn(CompletableFuture.failedFuture(new AggregateNotFoundException("o-1", "no such order")))
                .when(commands).send(any());

        act("backorder-retry", "r-3", "{\"reason\":\"r\"}").expectStatus().isNotFound();
    }

    @Test
    void sendsTheManualAllocationWithTheSupplierLowerCased() {
        doReturn(CompletableFuture.completedFuture(null)).when(commands).send(any());

        act("manual-allocation", "m-1", """
                {"supplierId":"Berlin-Gear","locationId":"berlin","lines":[{"lineId":"L1"},{"lineId":"L1"}],
                 "reason":"customer asked"}""").expectStatus().isAccepted();

        var captor = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).send(captor.capture());
        var command = (AllocateOrderLinesManuallyCommand) captor.getValue().getPayload();
        assertThat(command.supplierId().value()).isEqualTo("berlin-gear");
        assertThat(command.lineIds()).containsExactly("L1");
        assertThat(command.actor()).isEqualTo("api-key:admin-a");
    }

    @Test
    void refusesWithoutReasonKeyOrAdminScope() {
        act("hold-release", "r-4", "{}").expectStatus().isBadRequest();
        act("manual-allocation", "m-2", "{\"supplierId\":\"s\",\"locationId\":\"l\",\"lines\":[],\"reason\":\"r\"}")
                .expectStatus().isBadRequest();
        act("backorder-cancellation", "b-1", "{\"reason\":2}").expectStatus().isBadRequest();
        web.post().uri("/api/v1/orders/{id}/hold-release", ORDER).header("X-Api-Key", ADMIN_A)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"reason\":\"r\"}").exchange()
                .expectStatus().isBadRequest();
        web.post().uri("/api/v1/orders/{id}/hold-release", ORDER).header("X-Api-Key", WRITER_A)
                .header("Idempotency-Key", "r-5").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"r\"}").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.requiredScopes[0]").isEqualTo("admin");
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec act(String action, String key, String body) {
        return web.post().uri("/api/v1/orders/{id}/" + action, ORDER).header("X-Api-Key", ADMIN_A)
                .header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
