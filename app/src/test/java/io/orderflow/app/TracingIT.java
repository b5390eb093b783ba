package io.orderflow.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.orderflow.app.demo.DemoSuppliers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing switched on (README, "Tracing"): a storefront's trace runs from the placement request through the command,
 * the saga and the supplier dispatcher to the supplier's API, whose request carries it; Kafka records carry it; the
 * log lines name it. Spans go by OTLP to a small HTTP receiver in this test, and to an exporter that keeps them here
 * for reading.
 * <p>
 * Its own application, PostgreSQL and Kafka (like AxonServerModeOffIT): a second context on the JVM's shared ones
 * would take a share of the other tests' processors' segments and point their demo suppliers at its own sandbox.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIT {

    private static final String SUPPLIER = "trace-a";
    private static final String SKU = "TRACE-SKU-1";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient FORWARD = HttpClient.newHttpClient();
    private static final Set<String> UNFORWARDED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static final List<byte[]> otlpRequests = new CopyOnWriteArrayList<>();
    private static final List<SpanData> spans = new CopyOnWriteArrayList<>();
    private static final List<Map<String, String>> supplierRequests = new CopyOnWriteArrayList<>();
    private static HttpServer otlpReceiver;
    private static HttpServer supplierProxy;
    private static volatile URI sandbox;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(@TempDir Path dataDir) throws IOException {
        otlpReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otlpReceiver.createContext("/v1/traces", exchange -> {
            otlpRequests.add(exchange.getRequestBody().readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        otlpReceiver.start();
        supplierProxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        supplierProxy.createContext("/", TracingIT::forwardToSandbox);
        supplierProxy.start();

        app = new SpringApplicationBuilder(OrderflowApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("recordedSpans", new RecordedSpans()))
                .run("--orderflow.embedded.data-dir=" + dataDir,
                        "--orderflow.embedded.stop-with-context=true",
                        "--orderflow.embedded.postgres-port=0",
                        "--orderflow.embedded.kafka-port=0",
                        "--server.port=0",
                        "--orderflow.sandbox.port=0",
                        "--orderflow.sandbox.time-scale=0.05",
                        "--orderflow.sandbox.extra-suppliers=" + SUPPLIER,
                        "--orderflow.tracking.secret=tracing-test",
                        "--orderflow.inventory.reconciliation-interval=0",
                        // the supplier is called through the proxy in front of the sandbox
                        "--orderflow.suppliers.trusted-origins=http://127.0.0.1:" + supplierProxy.getAddress().getPort(),
                        "--management.tracing.export.enabled=true",
                        "--management.tracing.sampling.probability=1.0",
                        "--management.opentelemetry.tracing.export.schedule-delay=200ms",
                        "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                                + otlpReceiver.getAddress().getPort() + "/v1/traces");
        sandbox = app.getBean(DemoSuppliers.class).sandbox().baseUrl();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (supplierProxy != null) {
            supplierProxy.stop(0);
        }
        if (otlpReceiver != null) {
            otlpReceiver.stop(0);
        }
    }

    @Test
    void oneTraceRunsFromThePlacementToTheSupplierAndIntoKafkaAndTheLogs(CapturedOutput output) {
        var http = TestHttp.client()
                .baseUrl("http://localhost:" + app.getEnvironment().getRequiredProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30)).build();
        var partnerApi = app.getBean(DemoSuppliers.class).sandbox().partnerBaseUrl(SUPPLIER);
        var sandbox = new SandboxSuppliers(http, app.getBean(DemoSuppliers.class), app.getBean(JdbcTemplate.class));
        sandbox.register(sandbox.partner(SUPPLIER)
                .reachedAt("http://127.0.0.1:" + supplierProxy.getAddress().getPort() + partnerApi.getPath()),
                Map.of(SKU, 50));

        String traceId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 16);
        String correlationId = "tracing-it-" + UUID.randomUUID();
        String placed = http.post().uri("/api/v1/orders")
                .header("X-Api-Key", AppIntegrationTestBase.STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .header("X-Correlation-Id", correlationId)
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(AppIntegrationTestBase.orderBody(unique("trace"), "DE", Map.of(SKU, 1)))
                .exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
        String orderId = JSON.readTree(placed).path("orderId").asString();

        // the supplier's API was called with the storefront's trace
        var submission = await(() -> supplierRequests.stream()
                .filter(r -> "POST".equals(r.get(":method")) && r.get(":path").endsWith("/orders")).findFirst());
        assertThat(submission.get("traceparent")).as("traceparent of the supplier call").startsWith("00-" + traceId + "-");

        // in one trace: the placement request, and under it (command, saga, dispatcher) the supplier call
        var supplierCall = await(() -> spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT
                && s.getTraceId().equals(traceId)).findFirst());
        var placement = await(() -> ancestors(supplierCall).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/api/v1/orders")).findFirst());
        assertThat(placement.getParentSpanId()).as("the placement continues the storefront's span")
                .isEqualTo("00f067aa0ba902b7");
        assertThat(ancestors(supplierCall)).extracting(SpanData::getName)
                .anyMatch(name -> name.contains("PlaceOrderCommand"))
                .anyMatch(name -> name.contains("SagaManager") || name.contains("OrderFulfillmentSaga"));

        // and exported by OTLP to the receiver
        byte[] traceIdBytes = HexFormat.of().parseHex(traceId);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> otlpRequests.stream().anyMatch(body -> contains(body, traceIdBytes)));

        // the integration event of the placement carries the trace on Kafka
        var placedRecord = await(() -> orderEvent(orderId, "io.orderflow.order.placed.v1"));
        assertThat(header(placedRecord, "traceparent")).startsWith("00-" + traceId + "-");

        // the supplier's acceptance webhook starts a trace of its own: intake, Kafka, the consumer, the command
        var acceptedRecord = await(() -> orderEvent(orderId, "io.orderflow.order.supplier-order-accepted.v1"));
        String webhookTrace = header(acceptedRecord, "traceparent").substring(3, 35);
        var acceptedPublished = await(() -> spans.stream().filter(s -> s.getKind() == SpanKind.PRODUCER
                && s.getTraceId().equals(webhookTrace) && s.getName().contains("orderflow.order-events")).findFirst());
        await(() -> ancestors(acceptedPublished).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER && s.getName().contains("/webhooks/partner")).findFirst());
        assertThat(ancestors(acceptedPublished)).map(SpanData::getKind).contains(SpanKind.CONSUMER);

        // a log line written while the supplier was called names the trace and the storefront's correlation id
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().lines()
                .anyMatch(line -> line.contains("submitted to " + SUPPLIER) && line.contains(traceId)
                        && line.contains(correlationId)));
    }

    /** The span's parent, its parent, and so on, as far as they were exported yet. */
    private static List<SpanData> ancestors(SpanData span) {
        var chain = new ArrayList<SpanData>();
        var current = Optional.of(span);
        while (current.isPresent()) {
            var child = current.get();
            current = spans.stream().filter(s -> s.getTraceId().equals(child.getTraceId())
                    && s.getSpanId().equals(child.getParentSpanId())).findFirst();
            current.ifPresent(chain::add);
        }
        return chain;
    }

    private static Optional<ConsumerRecord<String, byte[]>> orderEvent(String orderId, String type) {
        var properties = Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, app.getEnvironment().getRequiredProperty("orderflow.kafka.bootstrap"),
                ConsumerConfig.GROUP_ID_CONFIG, "tracing-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("orderflow.order-events"));
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (orderId.equals(record.key()) && type.equals(header(record, "ce_type"))) {
                        return Optional.of(record);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> found) {
        var holder = new ArrayList<T>(1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            var value = found.get();
            value.ifPresent(holder::add);
            return value.isPresent();
        });
        return holder.getFirst();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** Passes a call on to the sandbox as it came, and keeps its method, path and headers. */
    private static void forwardToSandbox(HttpExchange exchange) throws IOException {
        try (exchange) {
            var seen = new java.util.HashMap<String, String>();
            seen.put(":method", exchange.getRequestMethod());
            seen.put(":path", exchange.getRequestURI().getPath());
            var request = HttpRequest.newBuilder(sandbox.resolve(exchange.getRequestURI().toString()));
            exchange.getRequestHeaders().forEach((name, values) -> {
                seen.put(name.toLowerCase(), values.getFirst());
                if (!UNFORWARDED.contains(name.toLowerCase())) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            supplierRequests.add(seen);
            byte[] body = exchange.getRequestBody().readAllBytes();
            var response = FORWARD.send(request.method(exchange.getRequestMethod(),
                    HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":") && !UNFORWARDED.contains(name.toLowerCase())
                        && !name.equalsIgnoreCase("transfer-encoding")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps every finished span in {@link #spans}, beside the OTLP export. */
    private static final class RecordedSpans implements SpanExporter {

        @Override
        public CompletableResultCode export(Collection<SpanData> finished) {
            spans.addAll(finished);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
