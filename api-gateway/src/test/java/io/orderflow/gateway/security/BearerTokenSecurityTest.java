package io.orderflow.gateway.security;

import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.GatewayTestSupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * OAuth2 bearer JWTs (issue 13, item 1), checked through Spring Boot's standard resource-server properties against
 * a JWK set served over real HTTP from this JVM, with key pairs made for the test (RS256 and ES256).
 */
class BearerTokenSecurityTest extends GatewayTestSupport {

    static final String ISSUER = "https://login.example.com/";
    static final String AUDIENCE = "orderflow-api";
    static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    static final ECKey EC = generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    /** Another key under the same key id: a token it signs has the wrong signature. */
    static final RSAKey IMPOSTOR = generate(() -> new RSAKeyGenerator(2048).keyID("rsa-1").generate());
    static final HttpServer JWKS = jwks();

    private static final String BODY = """
            {"externalOrderId": "ext-jwt", "currency": "EUR",
             "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
             "shipTo": {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                        "postalCode": "SW1Y 4JH", "country": "GB"},
             "lines": [{"lineId": "1", "sku": "SKU-RED-M", "quantity": 1, "unitPrice": 5}]}""";

    @DynamicPropertySource
    static void resourceServer(DynamicPropertyRegistry properties) {
        properties.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
                () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks");
        properties.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        properties.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> AUDIENCE);
        properties.add("spring.security.oauth2.resourceserver.jwt.jws-algorithms", () -> "RS256,ES256");
    }

    @AfterAll
    static void stopJwks() {
        JWKS.stop(0);
    }

    @Test
    void aValidTokenActsForItsRetailerWithItsScopes() {
        doReturn(CompletableFuture.completedFuture("order")).when(commands).send(any());

        place(token(RSA, claims -> { })).expectStatus().isCreated();

        var captor = ArgumentCaptor.forClass(Object.class);
        verify(commands).send(captor.capture());
        var message = (CommandMessage<?>) captor.getValue();
        assertThat(((PlaceOrderCommand) message.getPayload()).retailerId()).isEqualTo(new RetailerId("retailer-jwt"));
        assertThat(message.getMetaData()).containsEntry("actor", "jwt:storefront-client");
    }

    @Test
    void scopesComeFromScpAndES256TokensAreTakenToo() {
        doReturn(CompletableFuture.completedFuture("order")).when(commands).send(any());
        place(token(EC, claims -> claims.claim("scope", null).claim("scp", List.of("orders:write"))))
                .expectStatus().isCreated();
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        place(token(RSA, claims -> claims.claim("scope", "orders:read"))).expectStatus().isForbidden()
                .expectBody().jsonPath("$.requiredScopes[0]").isEqualTo("orders:write");
        verify(commands, never()).send(any());
    }

    @Test
    void noTokenGrantsThePlatformScope() {
        web.get().uri("/api/v1/audit/replays/some-replay")
                .header("Authorization", "Bearer " + token(RSA, claims -> claims.claim("scope", "platform audit")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void anExpiredTokenIs401() {
        refused(token(RSA, claims -> claims.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        refused(token(RSA, claims -> claims.issuer("https://evil.example.com/")));
    }

    @Test
    void aTokenForAnotherAudienceIs401() {
        refused(token(RSA, claims -> claims.audience("another-api")));
    }

    @Test
    void aTokenWithTheWrongSignatureIs401() {
        refused(token(IMPOSTOR, claims -> { }));
    }

    @Test
    void aTokenWithoutARetailerIs401() {
        refused(token(RSA, claims -> claims.claim("retailer_id", null)));
        refused(token(RSA, claims -> claims.claim("retailer_id", "")));
    }

    @Test
    void garbageIs401() {
        refused("not-a-jwt");
    }

    @Test
    void apiKeysKeepWorking() {
        doReturn(CompletableFuture.completedFuture("order")).when(commands).send(any());
        web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange().expectStatus().isCreated();
    }

    @Test
    void aStrayTokenOnAPublicPathIsIgnored() {
        web.get().uri("/actuator/health").header("Authorization", "Bearer not-a-jwt").exchange()
                .expectStatus().value(status -> assertThat(status).isNotEqualTo(401));
    }

    private void refused(String token) {
        place(token).expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("WWW-Authenticate", value -> assertThat(value).startsWith("Bearer"));
        verify(commands, never()).send(any());
    }

    private WebTestClient.ResponseSpec place(String token) {
        return web.post().uri("/api/v1/orders").header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON).bodyValue(BODY).exchange();
    }

    /** A token that is valid unless {@code change} spoils it. */
    static String token(com.nimbusds.jose.jwk.JWK key, Consumer<JWTClaimsSet.Builder> change) {
        var now = Instant.now();
        var claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject("storefront-client")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("scope", "orders:write orders:read")
                .claim("retailer_id", "retailer-jwt");
        change.accept(claims);
        try {
            if (key instanceof RSAKey rsa) {
                var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsa.getKeyID()).build(),
                        claims.build());
                jwt.sign(new RSASSASigner(rsa));
                return jwt.serialize();
            }
            var ec = (ECKey) key;
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ec.getKeyID()).build(),
                    claims.build());
            jwt.sign(new ECDSASigner(ec));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwks() {
        try {
            var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            byte[] body = new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString()
                    .getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface KeyMaker<K> {
        K make() throws JOSEException;
    }

    private static <K> K generate(KeyMaker<K> maker) {
        try {
            return maker.make();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
