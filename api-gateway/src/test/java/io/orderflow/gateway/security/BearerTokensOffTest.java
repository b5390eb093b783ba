package io.orderflow.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.gateway.GatewayTestSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Without the resource-server properties no bearer token is taken: only API keys (issue 13, item 1). */
class BearerTokensOffTest extends GatewayTestSupport {

    @Autowired(required = false)
    ReactiveJwtDecoder jwtDecoder;

    @Test
    void aBearerTokenIsNotTakenWhenNoIssuerIsConfigured() {
        assertThat(jwtDecoder).isNull();
        web.get().uri("/api/v1/orders/some-order")
                .header("Authorization", "Bearer " + BearerTokenSecurityTest.token(BearerTokenSecurityTest.RSA, c -> { }))
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().value("WWW-Authenticate", value -> assertThat(value).startsWith("ApiKey"));
    }
}
