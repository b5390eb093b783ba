package io.orderflow.infra.connector.shopify;

import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient.FulfillmentOrderLine;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient.Tracking;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the write-back sends a retailer's store, and how it reads the store's answers. */
class ShopifyStoreClientTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COST = """
            "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10,
              "throttleStatus":{"maximumAvailable":1000,"currentlyAvailable":990,"restoreRate":50}}}""";

    private final Deque<String> answers = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private HttpServer server;
    private ShopifyStoreClient client;
    private SupplierConnection store;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            var body = answers.isEmpty() ? "{}" : answers.poll();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        var limits = new ShopifyRateLimits(System::nanoTime, duration -> { });
        client = new ShopifyStoreClient(new ShopifyTransport(limits, "2025-10", Duration.ofSeconds(5)));
        store = new SupplierConnection("retailer-store:acme", "SHOPIFY",
                URI.create("http://localhost:" + server.getAddress().getPort() + "/store"), "shpat_store",
                "acme.myshopify.com", "2025-10");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsFulfillmentOrdersAndFulfillmentsOfAStoreOrder() {
        answers.add("""
                {"data":{"order":{"id":"gid://shopify/Order/1","cancelledAt":null,
                  "fulfillmentOrders":{"nodes":[{"id":"gid://shopify/FulfillmentOrder/9","status":"OPEN",
                    "lineItems":{"nodes":[{"id":"gid://shopify/FulfillmentOrderLineItem/91","remainingQuantity":2,
                      "lineItem":{"id":"gid://shopify/LineItem/11"}}]}}]},
                  "fulfillments":[{"id":"gid://shopify/Fulfillment/5","trackingInfo":[{"number":"1Z"}],
                    "fulfillmentLineItems":{"nodes":[{"quantity":1,"lineItem":{"id":"gid://shopify/LineItem/12"}}]}}]}},
                 %s}""".formatted(COST));

        var state = client.orderState(store, "gid://shopify/Order/1", "c-1").orElseThrow();

        assertThat(state.cancelled()).isFalse();
        assertThat(state.openLines()).containsExactly(new FulfillmentOrderLine("gid://shopify/FulfillmentOrder/9",
                "gid://shopify/FulfillmentOrderLineItem/91", "gid://shopify/LineItem/11", 2));
        assertThat(state.fulfillments()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("gid://shopify/Fulfillment/5");
            assertThat(f.lineItems()).containsExactly(Map.entry("gid://shopify/LineItem/12", 1));
            assertThat(f.trackingNumber()).isEqualTo("1Z");
        });
        answers.add("{\"data\":{\"order\":null},%s}".formatted(COST));
        assertThat(client.orderState(store, "gid://shopify/Order/2", "c-1")).isEmpty();
    }

    @Test
    void createsAFulfillmentFromFulfillmentOrderLinesWithTrackingAndNotifyCustomerAsTold() {
        answers.add("""
                {"data":{"fulfillmentCreate":{"fulfillment":{"id":"gid://shopify/Fulfillment/7","status":"SUCCESS"},
                  "userErrors":[]}},%s}""".formatted(COST));
        var quantities = new LinkedHashMap<FulfillmentOrderLine, Integer>();
        quantities.put(new FulfillmentOrderLine("gid://shopify/FulfillmentOrder/9",
                "gid://shopify/FulfillmentOrderLineItem/91", "gid://shopify/LineItem/11", 2), 2);

        var id = client.createFulfillment(store, quantities, new Tracking("DHL", "00340434", "https://dhl.example/t"),
                false, "c-2");

        assertThat(id).isEqualTo("gid://shopify/Fulfillment/7");
        var sent = requests.getFirst();
        assertThat(sent.path("query").asString()).contains("fulfillmentCreate(fulfillment: $fulfillment)");
        var fulfillment = sent.path("variables").path("fulfillment");
        assertThat(fulfillment.path("notifyCustomer").asBoolean(true)).isFalse();
        assertThat(fulfillment.path("trackingInfo").path("company").asString()).isEqualTo("DHL");
        assertThat(fulfillment.path("trackingInfo").path("number").asString()).isEqualTo("00340434");
        var byOrder = fulfillment.path("lineItemsByFulfillmentOrder").get(0);
        assertThat(byOrder.path("fulfillmentOrderId").asString()).isEqualTo("gid://shopify/FulfillmentOrder/9");
        assertThat(byOrder.path("fulfillmentOrderLineItems").get(0).path("id").asString())
                .isEqualTo("gid://shopify/FulfillmentOrderLineItem/91");
        assertThat(byOrder.path("fulfillmentOrderLineItems").get(0).path("quantity").asInt()).isEqualTo(2);
    }

    @Test
    void aRefusalIsPermanentAndInventoryIsSetAtOneLocation() {
        answers.add("""
                {"data":{"inventorySetQuantities":{"inventoryAdjustmentGroup":null,
                  "userErrors":[{"field":["input"],"message":"The specified inventory item could not be found."}]}},
                 %s}""".formatted(COST));
        assertThatThrownBy(() -> client.setAvailable(store, "gid://shopify/Location/1",
                Map.of("gid://shopify/InventoryItem/3", 7), "c-3"))
                .isInstanceOfSatisfying(SupplierCallException.class, e -> assertThat(e.isTransient()).isFalse());
        var input = requests.getFirst().path("variables").path("input");
        assertThat(input.path("name").asString()).isEqualTo("available");
        assertThat(input.path("ignoreCompareQuantity").asBoolean()).isTrue();
        assertThat(input.path("quantities").get(0).path("locationId").asString()).isEqualTo("gid://shopify/Location/1");
        assertThat(input.path("quantities").get(0).path("quantity").asInt()).isEqualTo(7);
    }
}
