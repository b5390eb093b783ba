package io.orderflow.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/prometheus} answers to the scope {@code ops} (the development admin key has it) and carries
 * orderflow's own meters, with values that follow an order placed, replayed and delivered here.
 */
class MetricsIT extends AppIntegrationTestBase {

    static final String OPS_KEY = "dev-admin-key";

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Serializer serializer;
    @Autowired
    ObservationRegistry observations;
    @Autowired
    org.axonframework.config.Configuration axon;

    @Test
    void anOpsKeyScrapesTheMetersOfAnOrderFromPlacementToDelivery() {
        var body = orderBody(unique("metrics"), "DE", Map.of("MUG-LOGO", 1));
        var before = scrape();
        double placedBefore = value(before, "orderflow_orders_placed_total", "retailer=\"demo-retailer\"");
        double replaysBefore = value(before, "orderflow_idempotency_replays_total", "outcome=\"replayed\"");

        var key = UUID.randomUUID().toString();
        var orderId = JSON.readTree(post(key, body)).path("orderId").asString();
        post(key, body);
        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        var supplier = "supplier=\"" + delivered.path("lines").get(0).path("supplierId").asString() + "\"";

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var metrics = scrape();
            assertThat(value(metrics, "orderflow_orders_placed_total", "retailer=\"demo-retailer\""))
                    .isGreaterThanOrEqualTo(placedBefore + 1);
            assertThat(value(metrics, "orderflow_orders_accepted_total", "retailer=\"demo-retailer\"")).isPositive();
            assertThat(value(metrics, "orderflow_orders_delivered_total", "retailer=\"demo-retailer\"")).isPositive();
            assertThat(value(metrics, "orderflow_idempotency_replays_total", "outcome=\"replayed\""))
                    .isGreaterThanOrEqualTo(replaysBefore + 1);
            assertThat(value(metrics, "orderflow_routing_duration_seconds_count", "outcome=\"success\"")).isPositive();
            assertThat(value(metrics, "orderflow_routing_duration_seconds_bucket", "le=\"+Inf\"")).isPositive();
            assertThat(value(metrics, "orderflow_supplier_calls_seconds_count", "outcome=\"success\"," + supplier))
                    .isPositive();
            assertThat(value(metrics, "orderflow_supplier_circuit_state", supplier)).isZero();
            assertThat(value(metrics, "orderflow_webhooks_ingested_total", supplier)).isPositive();
            assertThat(value(metrics, "orderflow_webhooks_age_seconds_count", "connector=")).isPositive();
            // the read models caught up with the delivery: (almost) nothing behind the head
            assertThat(value(metrics, "orderflow_processor_lag", "group=\"order-view\"")).isBetween(0.0, 50.0);
            assertThat(metrics).containsPattern("orderflow_processor_lag\\{group=\"supplier-dispatch\"}");
            assertThat(metrics).containsPattern("orderflow_processor_lag\\{group=\"OrderFulfillmentSagaProcessor\"}");
            assertThat(value(metrics, "orderflow_deadletters", "group=\"order-view\"")).isGreaterThanOrEqualTo(0);
            assertThat(metrics).containsPattern("orderflow_deadletters\\{group=\"orderflow-webhooks\"}");
            assertThat(metrics).containsPattern("kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"orderflow-webhooks-");
            // the Grafana dashboard is built on meters that exist
            assertThat(dashboardMetricNames()).isNotEmpty().allSatisfy(name ->
                    assertThat(metrics).as("the dashboard's " + name).containsPattern("(?m)^" + name + "[{ ]"));
        });
    }

    @Test
    void springSecuritysObservationsAreOffAndOthersStayOn() {
        var filterChain = Observation.start("spring.security.filterchains", observations);
        var authorization = Observation.start("spring.security.authorizations", observations);
        var other = Observation.start("orderflow.metrics-it.probe", observations);
        try {
            assertThat(filterChain.isNoop()).isTrue();
            assertThat(authorization.isNoop()).isTrue();
            assertThat(other.isNoop()).isFalse();
        } finally {
            other.stop();
        }
        assertThat(scrape()).doesNotContain("spring_security_").contains("http_server_requests_seconds_count");
    }

    /** Every orderflow and Kafka metric name the dashboard's queries use. */
    static Set<String> dashboardMetricNames() throws IOException {
        var dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository's root").isNotNull();
        var dashboard = JSON.readTree(Files.readString(dir.resolve("ops/grafana/orderflow.json")));
        var names = new TreeSet<String>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
            var name = Pattern.compile("\\b((?:orderflow|kafka_consumer)_[a-z_]+)").matcher(target.path("expr").asString());
            while (name.find()) {
                names.add(name.group(1));
            }
        }));
        return names;
    }

    @Test
    void everyPooledProcessorStoresItsPositionEverySecondWhenIdleSoThatItsLagIsNotStale() {
        var processors = axon.eventProcessingConfiguration().eventProcessors().values().stream()
                .filter(PooledStreamingEventProcessor.class::isInstance).toList();
        assertThat(processors).hasSizeGreaterThan(10).allSatisfy(processor ->
                assertThat(ReflectionTestUtils.getField(processor, "claimExtensionThreshold")).as(processor.getName())
                        .isEqualTo(1000L));
    }

    @Test
    void processorLagCountsTheEventsBehindTheHeadOfTheEventStore() {
        place(orderBody(unique("lag"), "DE", Map.of("MUG-LOGO", 1)));
        long head = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        // a processor whose one segment stands 5 events behind that head (and one more segment, further ahead)
        var behind = serializer.serialize(new GlobalSequenceTrackingToken(head - 5), byte[].class);
        var ahead = serializer.serialize(new GlobalSequenceTrackingToken(head), byte[].class);
        jdbc.update("INSERT INTO tokenentry (processorname, segment, token, tokentype) VALUES (?, 0, ?, ?), (?, 1, ?, ?)",
                "lag-probe", behind.getData(), behind.getType().getName(),
                "lag-probe", ahead.getData(), ahead.getType().getName());
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(value(scrape(), "orderflow_processor_lag", "group=\"lag-probe\""))
                            .isGreaterThanOrEqualTo(5));
        } finally {
            jdbc.update("DELETE FROM tokenentry WHERE processorname = 'lag-probe'");
        }
        // a processor whose tokens are gone is no longer reported
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(scrape()).doesNotContain("group=\"lag-probe\""));
    }

    @Test
    void aKeyWithoutOpsIsRefusedAndNoKeyIsUnauthenticated() {
        http().get().uri("/actuator/prometheus").header("X-Api-Key", STOREFRONT_KEY).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.requiredScopes[0]").isEqualTo("ops");
        http().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        // health stays open to probes, whatever header comes with it
        http().get().uri("/actuator/health").header("X-Api-Key", "not-a-key").exchange().expectStatus().isOk();
    }

    private String post(String idempotencyKey, String body) {
        return http().post().uri("/api/v1/orders")
                .header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", idempotencyKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private String scrape() {
        return http().mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build().get().uri("/actuator/prometheus").header("X-Api-Key", OPS_KEY).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    /** The sum of the samples of {@code name} whose labels contain {@code labels}; 0 when there is none. */
    static double value(String scrape, String name, String labels) {
        var sample = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$", Pattern.MULTILINE)
                .matcher(scrape);
        double sum = 0;
        while (sample.find()) {
            if (sample.group(1).contains(labels)) {
                sum += Double.parseDouble(sample.group(2));
            }
        }
        return sum;
    }
}
