package io.orderflow.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aKeptSecretIsMadeOnceOwnerReadableOnlyAndSignsTheSameLinksAfterARestart(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("orderflow-data").resolve("tracking-secret");
        var beforeRestart = new TrackingTokens("", file.toString(), "http://localhost:8080");
        String token = beforeRestart.token("order-1");
        assertThat(file).exists();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String stored = Files.readString(file);

        var afterRestart = new TrackingTokens("", file.toString(), "http://localhost:8080");
        assertThat(afterRestart.verify(token)).contains("order-1");
        assertThat(Files.readString(file)).isEqualTo(stored);
        assertThat(Files.list(file.getParent())).containsExactly(file);
        // another data directory is another key
        var elsewhere = new TrackingTokens("", dataDir.resolve("other").toString(), "http://localhost:8080");
        assertThat(elsewhere.verify(token)).isEmpty();
    }

    @Test
    void aConfiguredSecretWinsOverTheKeptOne(@TempDir Path dataDir) {
        Path file = dataDir.resolve("tracking-secret");
        var configured = new TrackingTokens("secret-1", file.toString(), "https://orders.example.com/");
        assertThat(file).doesNotExist();
        assertThat(tokens.verify(configured.token("order-1"))).contains("order-1");
    }

    @Test
    void aDamagedKeptSecretStopsTheStartInsteadOfSilentlyBreakingLinks(@TempDir Path dataDir) throws Exception {
        Path file = dataDir.resolve("tracking-secret");
        Files.writeString(file, "not a key!");
        assertThatThrownBy(() -> new TrackingTokens("", file.toString(), "http://localhost:8080"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(file.toString());
    }
}
