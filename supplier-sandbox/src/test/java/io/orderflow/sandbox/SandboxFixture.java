package io.orderflow.sandbox;

import io.orderflow.sandbox.stock.StockLevel;
import io.orderflow.sandbox.suppliers.SimulatedSupplier;
import io.orderflow.sandbox.suppliers.BehaviourProfile;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.sandbox.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/** A sandbox on a fresh database, a webhook receiver standing in for orderflow, and a signing HTTP client. */
final class SandboxFixture implements AutoCloseable {

    static final String SUPPLIER = "acme";
    static final String API_SECRET = "api-secret-acme";
    static final String WEBHOOK_SECRET = "webhook-secret-acme";

    static BehaviourProfile quickProfile() {
        return new BehaviourProfile(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(150),
                Duration.ofMillis(200), "DHL", false);
    }

    final DataSource dataSource = TestDatabase.fresh();
    final WebhookReceiver receiver = new WebhookReceiver();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SimulatedSupplier supplier;
    SupplierSandbox sandbox;

    SandboxFixture() {
        this(quickProfile());
    }

    SandboxFixture(BehaviourProfile profile) {
        supplier = new SimulatedSupplier(SUPPLIER, API_SECRET, WEBHOOK_SECRET, profile,
                List.of(new StockLevel("SKU-1", "WH-1", 10), new StockLevel("SKU-1", "WH-2", 5),
                        new StockLevel("SKU-2", "WH-1", 3)));
        start();
    }

    void start() {
        sandbox = SupplierSandbox.start(new SandboxConfig(0, receiver.baseUrl(), List.of(supplier)), dataSource);
    }

    void restart() {
        sandbox.close();
        start();
    }

    static String orderBody(String reference, String sku, int quantity) {
        return """
                {"reference":"%s","orderReference":"ORD-%s",
                  "lines":[{"lineReference":"L1","supplierSku":"%s","quantity":%d}],
                  "shipTo":{"name":"Ada Lovelace","line1":"Hauptstr. 1","line2":null,"city":"Berlin","region":"BE",
                                      "postalCode":"10115","country":"DE"}}""".formatted(reference, reference, sku, quantity);
    }

    HttpResponse<String> placeOrder(String idempotencyKey, String body) {
        return partner("POST", "/orders", body, signature(API_SECRET, Instant.now().getEpochSecond(), body),
                idempotencyKey);
    }

    /** Places an order and returns its sandbox id. */
    String placeOrder(String reference) {
        HttpResponse<String> response = placeOrder("key-" + reference, orderBody(reference, "SKU-1", 3));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).path("id").asString();
    }

    HttpResponse<String> partnerGet(String path) {
        return partner("GET", path, "", signature(API_SECRET, Instant.now().getEpochSecond(), ""), null);
    }

    HttpResponse<String> partnerPost(String path, String body) {
        return partner("POST", path, body, signature(API_SECRET, Instant.now().getEpochSecond(), body), null);
    }

    HttpResponse<String> partner(String method, String path, String body, String signature, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.partnerBaseUrl(SUPPLIER) + path))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (signature != null) {
            request.header("X-Orderflow-Signature", signature);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    HttpResponse<String> control(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/control/" + SUPPLIER + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    JsonNode supplierOrders() {
        HttpResponse<String> response = control("GET", "/orders", null);
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.MAPPER.readTree(response.body());
    }

    /** Written here from the spec rather than borrowed from the code under test. */
    static String signature(String secret, long t, String body) {
        return "t=" + t + ",v1=" + hmacHex(secret, t, body.getBytes(UTF_8));
    }

    static String hmacHex(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        if (sandbox != null) {
            sandbox.close();
        }
        receiver.close();
        http.close();
    }
}
