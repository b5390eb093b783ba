package io.orderflow.gateway.security;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.gateway.GatewayTestSupport;

import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class ApiKeySecurityTest extends GatewayTestSupport {

    @Test
    void withoutAKeyIs401ProblemWithTheCorrelationId() {
        web.get().uri("/api/v1/orders/some-order")
                .header("X-Correlation-Id", "corr-401")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Correlation-Id", "corr-401")
                .expectHeader().exists("WWW-Authenticate")
                .expectBody()
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.title").isEqualTo("Unauthorized");
        verify(queries, never()).query(any(), any(ResponseType.class));
    }

    @Test
    void anUnknownKeyIs401() {
        web.get().uri("/api/v1/orders/some-order").header("X-Api-Key", "no-such-key")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id")
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain("no-such-key"));
    }

    @Test
    void aKeyWithoutTheScopeIs403Problem() {
        web.post().uri("/api/v1/orders").header("X-Api-Key", READER_A).header("Idempotency-Key", "k")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.status").isEqualTo(403);
    }

    @Test
    void otherApiPathsNeedAKeyToo() {
        web.get().uri("/api/v1/anything-else")
                .exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void webhooksNeedNoKeyAndIgnoreAStrayOne() {
        // no signature: the webhook's own 401, not the API key's
        web.post().uri("/webhooks/partner/supplier-1").header("X-Api-Key", "no-such-key")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("X-Orderflow-Signature"));
    }

    @Test
    void unknownOpenPathsAre404ProblemsNot500() {
        web.get().uri("/track/unknown/deeper")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("X-Correlation-Id");
    }
}
