package io.orderflow.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackingTokensTest {

    private final TrackingTokens tokens = new TrackingTokens("secret-1", "https://orders.example.com/");

    @Test
    void aTokenNamesItsOrder() {
        String token = tokens.token("order-1");
        assertThat(tokens.verify(token)).contains("order-1");
        assertThat(tokens.trackingUrl("order-1")).isEqualTo("https://orders.example.com/track/" + token);
    }

    @Test
    void aTokenIsUrlSafe() {
        assertThat(tokens.token("2f1c6f7e-0000-3000-8000-000000000001")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{22}");
    }

    @Test
    void aTokenForAnotherOrderOrFromAnotherSecretIsRefused() {
        String token = tokens.token("order-1");
        String otherId = token.replace(token.substring(0, token.indexOf('.')),
                java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("order-2".getBytes()));
        assertThat(tokens.verify(otherId)).isEmpty();
        assertThat(new TrackingTokens("secret-2", "http://x").verify(token)).isEmpty();
    }

    @Test
    void garbageIsRefused() {
        assertThat(tokens.verify(null)).isEmpty();
        assertThat(tokens.verify("")).isEmpty();
        assertThat(tokens.verify("no-dot")).isEmpty();
        assertThat(tokens.verify("a.b.c")).isEmpty();
        assertThat(tokens.verify("!!!.???")).isEmpty();
        assertThat(tokens.verify("x".repeat(1000) + ".y")).isEmpty();
    }

    @Test
    void withoutASecretTokensStillWorkForThisInstance() {
        var random = new TrackingTokens("", "http://localhost:8080");
        assertThat(random.verify(random.token("order-1"))).contains("order-1");
        assertThat(tokens.verify(random.token("order-1"))).isEmpty();
    }
}
