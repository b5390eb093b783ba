package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The customer's tracking page (issue 6, acceptance 1 and 2): a real browser (Debian's Chromium driven by
 * playwright-core, see app/src/test/browser) follows a live order from accepted to delivered without a reload;
 * wrong or altered links get 404; the page shows no personal data beyond the first name and the city.
 */
class TrackingPageIT extends AppIntegrationTestBase {

    static final String SUPPLIER = "rotterdam-3pl";
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final List<String> PERSONAL = List.of("ana@example.org", "+49 30 1234567", "1234567", "Hauptstraße",
            "Hauptstra", "10115", "Example");

    @Autowired
    DemoSuppliers demo;

    @AfterEach
    void supplierBackToNormal() {
        profile("PT0.075S", "PT0.2S", "PT0.3S", "PT0.45S");
    }

    @Test
    void aCustomerWatchesTheOrderGoFromAcceptedToDeliveredInARealBrowser() throws Exception {
        Path browserDir = browserDir();
        assumeTrue(Files.isExecutable(CHROMIUM), "No Chromium at " + CHROMIUM
                + ": the tracking page browser test is skipped (.ci/run installs it with apt-get install chromium)");
        assumeTrue(Files.isDirectory(browserDir.resolve("node_modules/playwright-core")), "No playwright-core in "
                + browserDir + "/node_modules: the browser test is skipped (run npm ci there; .ci/run does)");
        assumeTrue(nodeWorks(), "No node on the PATH: the tracking page browser test is skipped");

        // the supplier waits for us: the order moves on only once the page is open, however long a browser takes
        profile("PT1H", "PT2H", "PT3H", "PT4H");
        var placed = place(orderBody(unique("browser"), "NL", Map.of("HOODIE-GREY-L", 1)));
        String orderId = placed.path("orderId").asString();
        var submitted = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(20));
        String supplierOrderId = submitted.path("allocations").path(0).path("supplierOrderRef").asString();
        String allocationId = submitted.path("allocations").path(0).path("allocationId").asString();
        Path screenshot = Path.of("target", "tracking-page.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);

        try (var browser = BrowserRun.start(browserDir, List.of("tracking-page.mjs",
                localUrl(placed.path("trackingUrl").asString()), screenshot.toString(), "40"))) {
            assertThat(browser.awaitLine(l -> l.contains("\"ready\":true"), Duration.ofSeconds(45)))
                    .as("the page never opened: %s", browser.stderr()).isNotNull();
            // the supplier accepts (its signed webhook), and a moment later ships and delivers everything at once
            String accepted = """
                    {"eventId":"%s","type":"order.accepted","occurredAt":"%s","data":{"orderId":"%s","reference":"%s"}}"""
                    .formatted(UUID.randomUUID(), Instant.now(), supplierOrderId, allocationId);
            http().post().uri("/webhooks/partner/{supplier}", SUPPLIER)
                    .header("X-Orderflow-Signature", PartnerWebhookIT.signature(PartnerWebhookIT.SECRET, accepted))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(accepted.getBytes(StandardCharsets.UTF_8))
                    .exchange().expectStatus().isOk();
            awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(20));
            PartnerWebhookIT.pause(Duration.ofMillis(1500));
            TestHttp.client().build().post()
                    .uri(demo.sandbox().controlBaseUrl(SUPPLIER) + "/orders/" + supplierOrderId + "/ship-now")
                    .exchange().expectStatus().is2xxSuccessful();

            int exitCode = browser.awaitExit(Duration.ofSeconds(60));
            assertThat(exitCode).as("tracking-page.mjs failed: %s%s", browser.stderr(), browser.stdout()).isZero();
            JsonNode seen = JSON.readTree(browser.stdout().lines().filter(l -> l.contains("\"ok\":true"))
                    .reduce((a, b) -> b).orElseThrow());
            var statuses = new ArrayList<String>();
            seen.path("statuses").forEach(status -> statuses.add(status.asString()));
            assertThat(statuses.getFirst()).isEqualTo("AWAITING_SUPPLIER");
            assertThat(statuses).containsSubsequence("AWAITING_SUPPLIER", "ACCEPTED", "DELIVERED");
            assertThat(statuses.getLast()).isEqualTo("DELIVERED");
            assertThat(seen.path("navigations").asInt()).isEqualTo(1);
            assertThat(seen.path("outsideRequests").asInt()).isZero();
            var delivered = view(orderId, STOREFRONT_KEY);
            assertThat(seen.path("trackingHref").asString())
                    .isEqualTo(delivered.path("shipments").path(0).path("trackingUrl").asString());
            assertThat(seen.path("trackingNumber").asString())
                    .isEqualTo(delivered.path("shipments").path(0).path("trackingNumber").asString());
            assertThat(screenshot).isRegularFile();
            System.out.println("tracking page in Chromium: " + browser.stdout().strip() + " (screenshot " + screenshot + ")");
        }
    }

    @Test
    void aWrongOrAlteredLinkIs404AndThePageShowsNoPersonalData() {
        var placed = place(orderBody(unique("tracking"), "DE", Map.of("MUG-LOGO", 1)));
        String path = placed.path("trackingUrl").asString().replaceFirst("^https?://[^/]+", "");
        String token = path.substring("/track/".length());
        awaitView(placed.path("orderId").asString(), v -> v.path("status").asString().equals("DELIVERED"),
                Duration.ofSeconds(30));

        String html = http().get().uri(path).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueMatches("Content-Security-Policy", ".*default-src 'none'.*")
                .expectHeader().valueEquals("Referrer-Policy", "no-referrer")
                .expectBody(String.class).returnResult().getResponseBody();
        String json = http().get().uri("/api/v1/tracking/{token}", token).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        for (String body : List.of(html, json)) {
            assertThat(body).contains("Ana").contains("Berlin").doesNotContain(PERSONAL);
            assertThat(body).doesNotContain(placed.path("orderId").asString()).doesNotContain("berlin-gear");
        }
        assertThat(html).contains("<main", "<h1", "aria-current=\"step\"", "lang=\"en\"")
                .doesNotContain("http://", "<link rel=\"stylesheet\"", "<script src");

        int dot = token.indexOf('.');
        var altered = List.of(
                token.substring(0, dot + 1) + flip(token.substring(dot + 1)),
                flip(token.substring(0, dot)) + token.substring(dot),
                token + "A",
                "not-a-token");
        for (String wrong : altered) {
            http().get().uri("/track/{token}", wrong).exchange().expectStatus().isNotFound()
                    .expectBody(String.class).value(body -> assertThat(body).contains("could not find this tracking link"));
            http().get().uri("/api/v1/tracking/{token}", wrong).exchange().expectStatus().isNotFound();
            http().get().uri("/api/v1/tracking/{token}/stream", wrong).exchange().expectStatus().isNotFound();
        }
    }

    static String flip(String part) {
        char first = part.charAt(0);
        return (first == 'A' ? 'B' : 'A') + part.substring(1);
    }

    String localUrl(String trackingUrl) {
        return "http://localhost:" + environment.getRequiredProperty("local.server.port")
                + trackingUrl.replaceFirst("^https?://[^/]+", "");
    }

    void profile(String accept, String fulfil, String track, String deliver) {
        TestHttp.client().build()
                .put().uri(demo.sandbox().controlBaseUrl(SUPPLIER) + "/profile").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"%s","fulfilAfter":"%s","trackAfter":"%s","deliverAfter":"%s","carrier":"DHL",
                         "rejectAll":false}""".formatted(accept, fulfil, track, deliver))
                .exchange().expectStatus().is2xxSuccessful();
    }

    static Path browserDir() {
        Path here = Path.of("src/test/browser");
        return (Files.isDirectory(here) ? here : Path.of("app/src/test/browser")).toAbsolutePath();
    }

    static boolean nodeWorks() {
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return node.waitFor(10, TimeUnit.SECONDS) && node.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A node script running in the background; its output is read line by line as it comes. */
    static final class BrowserRun implements AutoCloseable {
        private final Process process;
        private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuffer stdout = new StringBuffer();
        private final Path stderr;
        private final Thread reader;

        private BrowserRun(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.reader = Thread.ofVirtual().start(() -> {
                try (var out = process.inputReader(StandardCharsets.UTF_8)) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        stdout.append(line).append('\n');
                        lines.add(line);
                    }
                } catch (IOException ended) {
                    // the process is gone; what it wrote is kept
                }
            });
        }

        static BrowserRun start(Path dir, List<String> arguments) throws IOException {
            var command = new ArrayList<String>();
            command.add("node");
            command.addAll(arguments);
            Path stderr = Files.createTempFile("tracking-page", ".err");
            return new BrowserRun(new ProcessBuilder(command).directory(dir.toFile())
                    .redirectError(stderr.toFile()).start(), stderr);
        }

        /** The first line matching, or null if none came in time or the script ended first. */
        String awaitLine(java.util.function.Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && wanted.test(line)) {
                    return line;
                }
                if (line == null && !process.isAlive() && lines.isEmpty()) {
                    return null;
                }
            }
            return null;
        }

        int awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                return -1;
            }
            reader.join(Duration.ofSeconds(5));
            return process.exitValue();
        }

        String stdout() {
            return stdout.toString();
        }

        String stderr() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                // the browser first: it is the script's child and would outlive it
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            Files.deleteIfExists(stderr);
        }
    }
}
