package io.orderflow.gateway.admin;

import static io.orderflow.gateway.GatewayTestApplication.ADMIN_A;
import static io.orderflow.gateway.GatewayTestApplication.ADMIN_B;
import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.routing.FindRoutingPolicyQuery;
import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.GatewayTestSupport;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

class RoutingPolicyAdminTest extends GatewayTestSupport {

    static final String POLICY = """
            {"maxSuppliersPerOrder":2,"maxRerouteAttempts":3,"unroutable":"BACKORDER",
             "weights":{"proximity":3,"cost":2,"priority":1,"promise":1,"reliability":2,"stock":0.5}}""";

    @Test
    void publishesThePolicyOfTheCallersRetailerAndAnswersItsVersion() {
        doReturn(CompletableFuture.completedFuture(2)).when(commands).send(any());

        put(ADMIN_A, POLICY).expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(2)
                .jsonPath("$.maxSuppliersPerOrder").isEqualTo(2)
                .jsonPath("$.maxRerouteAttempts").isEqualTo(3)
                .jsonPath("$.unroutable").isEqualTo("BACKORDER")
                .jsonPath("$.weights.proximity").isEqualTo(3.0)
                .jsonPath("$.weights.stock").isEqualTo(0.5);

        var captor = ArgumentCaptor.forClass(Object.class);
        verify(commands).send(captor.capture());
        var retailer = new RetailerId("retailer-a");
        assertThat(((CommandMessage<?>) captor.getValue()).getPayload()).isEqualTo(new PublishRoutingPolicyCommand(
                RoutingPolicyId.of(retailer), retailer, 2, 3, UnroutableAction.BACKORDER,
                new RoutingWeights(3, 2, 1, 1, 2, 0.5)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"unroutable\":\"BACKORDER\"|\"unroutable\":\"DROP\"",
            "\"maxSuppliersPerOrder\":2|\"maxSuppliersPerOrder\":0",
            "\"maxSuppliersPerOrder\":2|\"maxSuppliersPerOrder\":1.5",
            "\"maxRerouteAttempts\":3|\"maxRerouteAttempts\":-1",
            "\"stock\":0.5|\"stock\":-0.5",
            "\"proximity\":3,|",
            "{\"proximity\":3,\"cost\":2,\"priority\":1,\"promise\":1,\"reliability\":2,\"stock\":0.5}|{\"proximity\":0,\"cost\":0,\"priority\":0,\"promise\":0,\"reliability\":0,\"stock\":0}",
            "\"weights\":|\"weightings\":",
    })
    void anInvalidPolicyIsABadRequestNamingTheField(String replacement) {
        var parts = replacement.split("\\|", -1);
        var body = POLICY.replace(parts[0], parts[1]);
        assertThat(body).isNotEqualTo(POLICY);

        put(ADMIN_A, body).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").exists();
        verify(commands, never()).send(any());
    }

    @Test
    void readsThePolicyInForce() {
        var view = new RoutingPolicyView("retailer-a", 4, 1, 2, UnroutableAction.HOLD, RoutingWeights.balanced(),
                Instant.parse("2026-03-01T09:00:00Z"));
        doReturn(CompletableFuture.completedFuture(Optional.of(view)))
                .when(queries).query(any(FindRoutingPolicyQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/routing-policy").header("X-Api-Key", ADMIN_A).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.version").isEqualTo(4)
                .jsonPath("$.unroutable").isEqualTo("HOLD")
                .jsonPath("$.weights.reliability").isEqualTo(1.0)
                .jsonPath("$.publishedAt").isEqualTo("2026-03-01T09:00:00Z");

        var query = ArgumentCaptor.forClass(Object.class);
        verify(queries).query(query.capture(), any(ResponseType.class));
        assertThat(query.getValue()).isEqualTo(new FindRoutingPolicyQuery(new RetailerId("retailer-a")));
    }

    @Test
    void noPolicyYetIs404() {
        doReturn(CompletableFuture.completedFuture(Optional.empty()))
                .when(queries).query(any(FindRoutingPolicyQuery.class), any(ResponseType.class));

        web.get().uri("/api/v1/routing-policy").header("X-Api-Key", ADMIN_B).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void onlyAdminKeysMayPublishOrReadPolicies() {
        put(READER_A, POLICY).expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        web.get().uri("/api/v1/routing-policy").header("X-Api-Key", READER_A).exchange().expectStatus().isForbidden();
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec put(String apiKey, String body) {
        return web.put().uri("/api/v1/routing-policy").header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
