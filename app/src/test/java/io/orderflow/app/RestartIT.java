package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stop the whole service (PostgreSQL and Kafka included) with orders in flight, start it again on the
 * same data directory: every order is still there, and in-flight ones finish — processors resume from
 * their tokens, and a deadline that fell due while the service was down fires after the restart. No tracking secret
 * is configured, as in the embedded default: a tracking link issued before the restart still opens after it.
 */
class RestartIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    Path dataDir;
    ConfigurableApplicationContext running;

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(OrderflowApplication.class).run(
                "--orderflow.embedded.data-dir=" + dataDir,
                "--orderflow.embedded.postgres-port=0",
                "--orderflow.embedded.kafka-port=0",
                "--orderflow.embedded.stop-with-context=true",
                "--server.port=0",
                "--orderflow.sandbox.port=0",
                "--orderflow.sandbox.time-scale=0.5",
                "--orderflow.sandbox.acceptance-sla=PT4S");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (running != null) {
            running.close();
        }
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void ordersSurviveARestartAndInFlightOrdersFinish() throws Exception {
        dataDir = Files.createTempDirectory("orderflow-restart");
        running = start();
        var delivered = place("DE", "MUG-LOGO");
        var link = URI.create(await(delivered, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30))
                .path("trackingUrl").asString());
        var secretFile = dataDir.resolve("tracking-secret");
        assertThat(Files.getPosixFilePermissions(secretFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        var secret = Files.readString(secretFile);
        assertThat(trackingPage(link)).isEqualTo(200);
        setProfile("rotterdam-3pl", "PT1H");
        var neverAccepted = place("NL", "HOODIE-GREY-L");
        var inFlight = place("DE", "TSHIRT-BLACK-M");
        await(neverAccepted, v -> v.path("status").asString().equals("AWAITING_SUPPLIER"), Duration.ofSeconds(20));
        await(inFlight, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(20));

        running.close();
        running = start();

        var afterRestart = await(delivered, v -> true, Duration.ofSeconds(10));
        assertThat(afterRestart.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(Files.readString(secretFile)).isEqualTo(secret);
        // the same link, issued by the service before it stopped, opens the page and the JSON behind it
        assertThat(URI.create(afterRestart.path("trackingUrl").asString()).getPath()).isEqualTo(link.getPath());
        assertThat(trackingPage(link)).isEqualTo(200);
        var token = link.getPath().substring("/track/".length());
        http().get().uri("/api/v1/tracking/{token}", token).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DELIVERED");
        await(inFlight, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        // its 4 s acceptance deadline ran out while the service was down, and still fires; nobody else ships
        // hoodies to NL, so after compensation the line waits as a backorder
        var timedOut = await(neverAccepted, v -> v.path("status").asString().equals("BACKORDERED"), Duration.ofSeconds(30));
        assertThat(timedOut.path("allocations").path(0).path("status").asString()).isEqualTo("TIMED_OUT");
    }

    /** The status of the tracking page at the link's path, on the running service (its port changes on restart). */
    int trackingPage(URI link) {
        return http().get().uri(link.getPath()).exchange().returnResult(String.class).getStatus().value();
    }

    WebTestClient http() {
        return TestHttp.client()
                .baseUrl("http://localhost:" + running.getEnvironment().getRequiredProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    void setProfile(String supplierId, String acceptAfter) {
        var control = running.getBean(DemoSuppliers.class).sandbox().controlBaseUrl(supplierId);
        TestHttp.client().build().put().uri(control + "/profile").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"%s","fulfilAfter":"PT2H","trackAfter":"PT3H","deliverAfter":"PT4H",
                         "carrier":"DHL","rejectAll":false}""".formatted(acceptAfter))
                .exchange().expectStatus().is2xxSuccessful();
    }

    String place(String country, String sku) {
        var body = AppIntegrationTestBase.orderBody("restart-" + UUID.randomUUID(), country, Map.of(sku, 1));
        var answer = http().post().uri("/api/v1/orders")
                .header("X-Api-Key", AppIntegrationTestBase.STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(answer).path("orderId").asString();
    }

    JsonNode await(String orderId, Predicate<JsonNode> condition, Duration timeout) {
        var holder = new JsonNode[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            var result = http().get().uri("/api/v1/orders/{id}", orderId)
                    .header("X-Api-Key", AppIntegrationTestBase.STOREFRONT_KEY)
                    .exchange().returnResult(String.class);
            if (!result.getStatus().is2xxSuccessful()) {
                return false;
            }
            holder[0] = JSON.readTree(result.getResponseBody().blockFirst());
            return condition.test(holder[0]);
        });
        return holder[0];
    }
}
