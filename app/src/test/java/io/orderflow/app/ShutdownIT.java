package io.orderflow.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to the service as it runs by default (embedded PostgreSQL and Kafka, sandbox suppliers), while orders are
 * in flight: it stops within a few seconds, and without stack traces. PostgreSQL and Kafka stop only after the
 * context has closed, and processors, schedulers and listeners stop before the connection pool they use. The orders
 * in flight are all there after a restart is the business of {@link RestartIT}.
 */
class ShutdownIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Duration FEW_SECONDS = Duration.ofSeconds(6);

    Path dir;
    Process service;

    @AfterEach
    void cleanUp() throws Exception {
        if (service != null && service.isAlive()) {
            service.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (dir != null) {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    @Test
    void sigtermStopsABusyServiceWithinSecondsAndQuietly() throws Exception {
        dir = Files.createTempDirectory("orderflow-shutdown");
        int port = freePort();
        var log = dir.resolve("service.log");
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), OrderflowApplication.class.getName(),
                "--server.port=" + port,
                "--orderflow.embedded.data-dir=" + dir.resolve("data"),
                "--orderflow.embedded.postgres-port=0",
                "--orderflow.embedded.kafka-port=0",
                "--orderflow.sandbox.port=0",
                "--orderflow.sandbox.time-scale=0.05",
                "--orderflow.tracking.secret=shutdown-test"));
        service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var http = TestHttp.client().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(log).contains("sandbox suppliers"));
        // one SKU: the saga handles events in batches, and two batches that reserve two positions in opposite
        // orders can deadlock, which Axon breaks by failing one batch (retried, and logged with its stack trace):
        // a cost of batching under load, not of stopping, which is what this log is about
        for (int i = 0; i < 10; i++) {
            place(http, "MUG-LOGO");
        }
        long logged = Files.size(log);

        long started = System.nanoTime();
        service.destroy(); // SIGTERM
        boolean stopped = service.waitFor(60, TimeUnit.SECONDS);
        var took = Duration.ofNanos(System.nanoTime() - started);

        var stopping = Files.readString(log).substring((int) logged);
        assertThat(stopped).isTrue();
        assertThat(took).as("time to stop; its log:%n%s", stopping).isLessThan(FEW_SECONDS);
        assertThat(stopping).as("the log while stopping")
                .doesNotContain("\tat ")
                .doesNotContain("Exception")
                .doesNotContain("Timed out during shutdown")
                .doesNotContain(" ERROR ");
        assertThat(stopping).contains("orderflow-jdbc - Shutdown completed");
    }

    static void place(WebTestClient http, String sku) {
        var body = AppIntegrationTestBase.orderBody("shutdown-" + UUID.randomUUID(), "DE", Map.of(sku, 1));
        http.post().uri("/api/v1/orders")
                .header("X-Api-Key", AppIntegrationTestBase.STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated();
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
