package io.orderflow.infra.connector.shopify;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierClient.CancelAnswer;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.SupplierOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The GraphQL client against a scripted shop: what it sends, how it waits, how it classifies. */
class ShopifyClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OK_COST = """
            "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10,
              "throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":990,"restoreRate":50}}}""";

    private record Scripted(int status, String retryAfter, String body) {
    }

    private final Deque<Scripted> answers = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private final List<String> paths = new ArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> slept = new ArrayList<>();
    private HttpServer server;
    private ShopifyClient client;
    private SupplierConnection shop;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            tokens.add(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"));
            paths.add(exchange.getRequestURI().getPath());
            var answer = answers.poll();
            if (answer == null) {
                answer = new Scripted(500, null, "{}");
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        var limits = new ShopifyRateLimits(now::get, duration -> {
            slept.add(duration);
            now.addAndGet(duration.toNanos());
        });
        client = new ShopifyClient(new ShopifyTransport(limits, "2025-10", Duration.ofSeconds(5)), Duration.ZERO);
        shop = new SupplierConnection("shop-1", "SHOPIFY",
                URI.create("http://localhost:" + server.getAddress().getPort() + "/shops/shop-1"), "shpat_token",
                "shop-1.myshopify.com", null);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String body) {
        answers.add(new Scripted(200, null, body));
    }

    private static SupplierOrder order() {
        return new SupplierOrder("A-1", "O-1", List.of(new AllocatedLine("L1", new Sku("TOTE"),
                3, "AS-TOTE", "gid://shopify/ProductVariant/42", 6, null, 1)),
                new ShippingAddress("Ana Example", "Hauptstraße 1", null, "Berlin", "BE", "10115", "DE", 52.5, 13.4));
    }

    @Test
    void aCreateIsPrecededByALookupOfOurTagAndSendsUnitsVariantsAndNoReceipts() {
        answer("{\"data\":{\"orders\":{\"edges\":[]}}," + OK_COST + "}");
        answer("{\"data\":{\"orderCreate\":{\"order\":{\"id\":\"gid://shopify/Order/7\",\"name\":\"#7\"},\"userErrors\":[]}},"
                + OK_COST + "}");

        assertThat(client.submit(shop, order(), "corr-1")).isEqualTo("gid://shopify/Order/7");

        assertThat(paths).containsOnly("/shops/shop-1/admin/api/2025-10/graphql.json");
        assertThat(tokens).containsOnly("shpat_token");
        assertThat(requests.get(0).path("variables").path("query").asString()).isEqualTo("tag:'alloc-A-1'");
        var variables = requests.get(1).path("variables");
        assertThat(requests.get(1).path("query").asString()).contains("orderCreate");
        assertThat(variables.path("options").path("sendReceipt").asBoolean(true)).isFalse();
        assertThat(variables.path("options").path("sendFulfillmentReceipt").asBoolean(true)).isFalse();
        var item = variables.path("order").path("lineItems").path(0);
        assertThat(item.path("variantId").asString()).isEqualTo("gid://shopify/ProductVariant/42");
        assertThat(item.path("quantity").asInt()).isEqualTo(6);
        assertThat(variables.path("order").path("tags").path(0).asString()).isEqualTo("alloc-A-1");
        assertThat(variables.path("order").path("shippingAddress").path("countryCode").asString()).isEqualTo("DE");
    }

    @Test
    void anOrderAlreadyTaggedWithTheAllocationIsReturnedNotCreatedAgain() {
        answer("{\"data\":{\"orders\":{\"edges\":[{\"node\":{\"id\":\"gid://shopify/Order/5\",\"tags\":[\"alloc-A-1\"],"
                + "\"cancelledAt\":null}}]}}," + OK_COST + "}");

        assertThat(client.submit(shop, order(), null)).isEqualTo("gid://shopify/Order/5");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aCreateWithoutAnAnswerIsFoundByItsTagOnTheNextAttempt() {
        answer("{\"data\":{\"orders\":{\"edges\":[]}}," + OK_COST + "}");
        answers.add(new Scripted(502, null, "{}"));
        assertThatThrownBy(() -> client.submit(shop, order(), null))
                .isInstanceOfSatisfying(SupplierCallException.class, e -> assertThat(e.isTransient()).isTrue());

        answer("{\"data\":{\"orders\":{\"edges\":[{\"node\":{\"id\":\"gid://shopify/Order/8\",\"tags\":[\"alloc-A-1\"],"
                + "\"cancelledAt\":null}}]}}," + OK_COST + "}");
        assertThat(client.submit(shop, order(), null)).isEqualTo("gid://shopify/Order/8");
        assertThat(requests).extracting(r -> r.path("query").asString().contains("orderCreate"))
                .containsExactly(false, true, false);
    }

    @Test
    void aThrottledAnswerIsWaitedOutByItsThrottleStatusAndRetried() {
        answer("""
                {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
                 "extensions":{"cost":{"requestedQueryCost":30,"actualQueryCost":null,
                   "throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":10,"restoreRate":50}}}}""");
        answer("{\"data\":{\"orders\":{\"edges\":[]}}," + OK_COST + "}");

        assertThat(client.findByTag(shop, "A-1", null)).isEmpty();
        // 20 points missing at 50 a second
        assertThat(slept).containsExactly(Duration.ofMillis(400));
        assertThat(requests).hasSize(2);
    }

    @Test
    void a429IsWaitedOutAsRetryAfterSays() {
        answers.add(new Scripted(429, "2", "{\"errors\":\"Exceeded 2 calls per second\"}"));
        answer("{\"data\":{\"orders\":{\"edges\":[]}}," + OK_COST + "}");

        assertThat(client.findByTag(shop, "A-1", null)).isEmpty();
        assertThat(slept).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void serverErrorsAreTransientUserErrorsPermanent() {
        answers.add(new Scripted(503, null, "{}"));
        assertThatThrownBy(() -> client.findByTag(shop, "A-1", null))
                .isInstanceOfSatisfying(SupplierCallException.class, e -> assertThat(e.isTransient()).isTrue());

        answer("{\"data\":{\"orders\":{\"edges\":[]}}," + OK_COST + "}");
        answer("{\"data\":{\"orderCreate\":{\"order\":null,\"userErrors\":[{\"field\":[\"order\"],"
                + "\"message\":\"Variant does not exist\"}]}}," + OK_COST + "}");
        assertThatThrownBy(() -> client.submit(shop, order(), null))
                .isInstanceOfSatisfying(SupplierCallException.class, e -> assertThat(e.isTransient()).isFalse());

        answers.add(new Scripted(401, null, "{\"errors\":\"[API] Invalid API key\"}"));
        assertThatThrownBy(() -> client.findByTag(shop, "A-1", null))
                .isInstanceOfSatisfying(SupplierCallException.class, e -> assertThat(e.isTransient()).isFalse());
    }

    @Test
    void cancellationAnswersAreMapped() {
        answer("{\"data\":{\"orderCancel\":{\"job\":{\"id\":\"gid://shopify/Job/1\"},\"orderCancelUserErrors\":[]}},"
                + OK_COST + "}");
        assertThat(client.cancel(shop, "A-1", "gid://shopify/Order/7", null)).isEqualTo(CancelAnswer.CANCELLED);
        assertThat(requests.getLast().path("variables").path("refund").asBoolean(true)).isFalse();
        assertThat(requests.getLast().path("variables").path("restock").asBoolean(false)).isTrue();

        answer("{\"data\":{\"orderCancel\":{\"job\":null,\"orderCancelUserErrors\":[{\"code\":\"INVALID\","
                + "\"message\":\"Cannot cancel an order that has been fulfilled\"}]}}," + OK_COST + "}");
        assertThat(client.cancel(shop, "A-1", "gid://shopify/Order/7", null)).isEqualTo(CancelAnswer.TOO_LATE);

        answer("{\"data\":{\"orderCancel\":{\"job\":null,\"orderCancelUserErrors\":[{\"code\":\"NOT_FOUND\","
                + "\"message\":\"Order does not exist\"}]}}," + OK_COST + "}");
        assertThat(client.cancel(shop, "A-1", "gid://shopify/Order/7", null)).isEqualTo(CancelAnswer.NOT_FOUND);
    }

    @Test
    void inventoryLevelsAreReadByAvailableQuantity() {
        answer("""
                {"data":{"productVariants":{"edges":[{"node":{"id":"gid://shopify/ProductVariant/42","sku":"AS-TOTE",
                  "inventoryItem":{"id":"gid://shopify/InventoryItem/43","inventoryLevels":{"edges":[{"node":{
                    "location":{"id":"gid://shopify/Location/amsterdam"},
                    "quantities":[{"name":"available","quantity":17}],"updatedAt":"2026-11-27T05:00:00Z"}}]}}}}],
                  "pageInfo":{"hasNextPage":false,"endCursor":null}}},""" + OK_COST + "}");

        assertThat(client.inventoryLevels(shop, null)).singleElement().satisfies(level -> {
            assertThat(level.sku()).isEqualTo("AS-TOTE");
            assertThat(level.locationId()).isEqualTo("amsterdam");
            assertThat(level.available()).isEqualTo(17);
        });
        assertThat(requests.getFirst().path("query").asString()).contains("quantities(names: [\"available\"])");
    }
}
