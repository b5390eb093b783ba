package io.orderflow.app;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every integration test runs against one application context: real HTTP on a random port, the
 * embedded PostgreSQL and Kafka broker (one each per test JVM, in a temporary directory) and the
 * supplier sandbox, sped up twenty times.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "orderflow.embedded.data-dir=temp",
        "orderflow.embedded.postgres-port=0",
        "orderflow.embedded.kafka-port=0",
        "orderflow.sandbox.port=0",
        "orderflow.sandbox.time-scale=0.05",
        "orderflow.sandbox.extra-suppliers=split-a,split-b,over-1,over-2,over-3,bo-1,bo-2,comp-a,comp-b,comp-c,comp-t,"
                + "res-a,res-b,cx-a,hot-37,same-instant,hitl-a,hitl-b,hitl-c,console-a,console-b,"
                + "mtls-good,mtls-wrong,mtls-untrusted,bill-a,bill-b,store-stock",
        "orderflow.sandbox.extra-shops=shop-throttled,shop-flaky,shop-503,shop-hooks,shop-stock,retail-store",
        "orderflow.tracking.secret=integration-test-secret",
        "orderflow.idempotency.in-flight-wait=500ms",
        "orderflow.audit.seal-interval=1s",
        "orderflow.inventory.reconciliation-interval=0",
        // BillingIT: a delivery is "not invoiced" after 4 s (30 days in production), swept every second
        "orderflow.billing.not-invoiced-after=4s",
        "orderflow.billing.sweep-interval=1s",
        "orderflow.billing.shipping-per-order=bill-a=4.90,bill-b=3.50",
        // ORDERFLOW_PLATFORM_KEY, as an operator sets it: stored hashed at start (PlatformApiIT)
        "orderflow.platform-key=" + AppIntegrationTestBase.BOOTSTRAP_PLATFORM_KEY
})
public abstract class AppIntegrationTestBase {

    static final String STOREFRONT_KEY = "dev-storefront-key";
    /** Whole-store operations (replays, integrity of every retailer's history): scope {@code platform}. */
    static final String PLATFORM_KEY = "dev-platform-key";
    /** The bootstrap platform key, from configuration (the application's ORDERFLOW_PLATFORM_KEY). */
    static final String BOOTSTRAP_PLATFORM_KEY = "it-bootstrap-platform-key-4f1c9a7e2b8d4e06";
    /** The SMTP server customer notifications go to: a real one, in this JVM, on a free port. */
    protected static final GreenMail MAIL = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        MAIL.start();
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry properties) {
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    protected Environment environment;

    /** The service of the shared context, on the tests' own event loops and pool (see {@link TestHttp}). */
    protected WebTestClient http() {
        return TestHttp.client()
                .baseUrl("http://localhost:" + environment.getRequiredProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    static String orderBody(String externalOrderId, String country, Map<String, Integer> skus) {
        var lines = new StringBuilder();
        int n = 0;
        for (var sku : skus.entrySet()) {
            if (n > 0) {
                lines.append(',');
            }
            n++;
            lines.append("""
                    {"lineId":"L%d","sku":"%s","quantity":%d,"unitPrice":19.90}""".formatted(n, sku.getKey(), sku.getValue()));
        }
        return """
                {"externalOrderId":"%s","currency":"EUR",
                 "customer":{"name":"Ana Example","email":"ana@example.org","phone":"+49 30 1234567"},
                 "shipTo":{"name":"Ana Example","line1":"Hauptstraße 1","city":"Berlin","region":"BE",
                           "postalCode":"10115","country":"%s","latitude":52.52,"longitude":13.40},
                 "lines":[%s],"channel":"web",
                 "consent":{"email":true,"sms":false,"source":"checkout"}}""".formatted(externalOrderId, country, lines);
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** The admin dead-letter listing: processing groups, parked sequences (with their first letter), records. */
    protected JsonNode deadLetterListing() {
        return JSON.readTree(http().get().uri("/api/v1/admin/dead-letters").header("X-Api-Key", "dev-admin-key")
                .exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /**
     * Retries a parked sequence through the admin API; answers whether everything was applied. The sequence is named
     * in the query, which also carries a stock position's id (it has slashes, which no path segment carries).
     */
    protected boolean retryDeadLetters(String processingGroup, String sequenceId) {
        return JSON.readTree(http().post().uri(b -> b.path("/api/v1/admin/dead-letters/{group}/retry")
                        .queryParam("sequenceId", "{id}").build(processingGroup, sequenceId))
                .header("X-Api-Key", "dev-admin-key").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).path("processed").asBoolean();
    }

    protected JsonNode place(String body) {
        var response = http().post().uri("/api/v1/orders")
                .header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(response);
    }

    protected JsonNode view(String orderId, String apiKey) {
        var body = http().get().uri("/api/v1/orders/{id}", orderId)
                .header("X-Api-Key", apiKey)
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(body);
    }

    protected JsonNode awaitView(String orderId, Predicate<JsonNode> condition, Duration timeout) {
        return awaitView(STOREFRONT_KEY, orderId, condition, timeout);
    }

    /** The order's view, as soon as the key's caller may read it and it meets the condition. */
    protected JsonNode awaitView(String apiKey, String orderId, Predicate<JsonNode> condition, Duration timeout) {
        var holder = new JsonNode[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
            // the whole body is read, also of a 404: a response body left unread holds its pooled connection
            var status = http().get().uri("/api/v1/orders/{id}", orderId)
                    .header("X-Api-Key", apiKey)
                    .exchange()
                    .expectBody(String.class)
                    .returnResult();
            if (!status.getStatus().is2xxSuccessful()) {
                return false;
            }
            holder[0] = JSON.readTree(status.getResponseBody());
            return condition.test(holder[0]);
        });
        return holder[0];
    }

    /** The order's view once its status meets the condition (within a minute). */
    protected JsonNode awaitStatus(String apiKey, String orderId, Predicate<String> status) {
        return awaitView(apiKey, orderId, view -> status.test(view.path("status").asString()), Duration.ofSeconds(60));
    }
}
