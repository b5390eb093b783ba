package io.orderflow.infra.connector.shopify;

import io.micrometer.observation.ObservationRegistry;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierHttpClients;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One GraphQL request to a shop: {@code POST {base}/admin/api/{version}/graphql.json} with
 * {@code X-Shopify-Access-Token}, within the shop's cost-based limit ({@link ShopifyRateLimits}). A THROTTLED answer or
 * a 429 is waited out and tried again a few times (the protocol asks for it); everything else is classified as a
 * {@link SupplierCallException} and left to the dispatcher's retries.
 */
@Component
class ShopifyTransport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_THROTTLED_TRIES = 6;

    private final RestClient http;
    private final ShopifyRateLimits limits;
    private final String defaultVersion;

    ShopifyTransport(ShopifyRateLimits limits, String defaultVersion, Duration readTimeout) {
        this(limits, defaultVersion, readTimeout, ObservationRegistry.NOOP);
    }

    /** Observed, so that each call is a span of the submission's trace and carries its traceparent. */
    @Autowired
    ShopifyTransport(ShopifyRateLimits limits, @Value("${orderflow.shopify.api-version:2025-10}") String defaultVersion,
                     @Value("${orderflow.shopify.read-timeout:PT10S}") Duration readTimeout,
                     ObservationRegistry observations) {
        this.limits = limits;
        this.defaultVersion = defaultVersion;
        var jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1)
                .build();
        this.http = RestClient.builder().requestFactory(SupplierHttpClients.requestFactory(jdk, readTimeout))
                .observationRegistry(observations).build();
    }

    private URI endpoint(SupplierConnection shop) {
        var base = shop.baseUrl() != null ? shop.baseUrl().toString() : "https://" + shop.shopDomain();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        var version = shop.apiVersion() != null && !shop.apiVersion().isBlank() ? shop.apiVersion() : defaultVersion;
        return URI.create(base + "/admin/api/" + version + "/graphql.json");
    }

    private record Answer(int status, HttpHeaders headers, JsonNode body) {
    }

    /**
     * One GraphQL request, waiting out the shop's rate limit; answers {@code data} or throws classified. The cost is
     * what the request asks of the bucket before the shop says what it really cost.
     */
    JsonNode call(SupplierConnection shop, String query, Map<String, Object> variables, double cost,
                  String correlationId) {
        var key = ShopifyMapping.shopOf(shop);
        var request = new LinkedHashMap<String, Object>();
        request.put("query", query);
        request.put("variables", variables);
        byte[] body = JSON.writeValueAsBytes(request);
        double need = cost;
        for (int attempt = 1; ; attempt++) {
            limits.acquire(key, need);
            Answer answer = http.post()
                    .uri(endpoint(shop))
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(MediaType.APPLICATION_JSON)
                    .header("X-Shopify-Access-Token", shop.apiSecret() == null ? "" : shop.apiSecret())
                    .header("X-Correlation-Id", correlationId == null ? "" : correlationId)
                    .body(body)
                    .exchange((req, response) -> {
                        JsonNode json;
                        try {
                            json = JSON.readTree(response.getBody());
                        } catch (JacksonException notJson) {
                            json = null;
                        }
                        return new Answer(response.getStatusCode().value(), response.getHeaders(), json);
                    });
            if (answer.status() == 429) {
                limits.retryAfter(key, retryAfter(answer.headers()));
                if (attempt < MAX_THROTTLED_TRIES) {
                    continue;
                }
                throw new SupplierCallException("shop " + key + " kept answering 429", true);
            }
            if (answer.status() >= 500 || answer.status() == 408) {
                throw new SupplierCallException("shop " + key + " answered " + answer.status(), true);
            }
            if (answer.status() < 200 || answer.status() >= 300) {
                throw new SupplierCallException("shop " + key + " answered " + answer.status(), false);
            }
            if (answer.body() == null || !answer.body().isObject()) {
                throw new SupplierCallException("shop " + key + " answered with no JSON object", true);
            }
            var spent = answer.body().path("extensions").path("cost");
            var throttle = spent.path("throttleStatus");
            if (throttle.isObject()) {
                limits.reported(key, throttle.path("currentlyAvailable").asDouble(),
                        throttle.path("maximumAvailable").asDouble(), throttle.path("restoreRate").asDouble());
            }
            var errors = answer.body().path("errors");
            if (errors.isArray() && !errors.isEmpty()) {
                var code = errors.get(0).path("extensions").path("code").asString("");
                if (code.equals("THROTTLED")) {
                    // the next acquire waits until the requested cost has been restored
                    need = spent.path("requestedQueryCost").asDouble(need);
                    if (attempt < MAX_THROTTLED_TRIES) {
                        continue;
                    }
                    throw new SupplierCallException("shop " + key + " kept throttling", true);
                }
                boolean transientFailure = code.equals("INTERNAL_SERVER_ERROR") || code.equals("SERVICE_UNAVAILABLE");
                throw new SupplierCallException("shop " + key + " answered a GraphQL error "
                        + (code.isEmpty() ? "" : code + " ") + errors.get(0).path("message").asString(""),
                        transientFailure);
            }
            return answer.body().path("data");
        }
    }

    static Duration retryAfter(HttpHeaders headers) {
        var value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        try {
            double seconds = value == null ? 1 : Double.parseDouble(value.trim());
            return Duration.ofMillis((long) (Math.min(Math.max(seconds, 0), 60) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }
}
