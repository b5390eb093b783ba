package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders split over the sandbox suppliers split-a (lines L1, L2) and split-b (line L3), which accept and ship only
 * when the test scripts it through the sandbox's control API.
 */
abstract class SplitShipmentTestBase extends AppIntegrationTestBase {

    static final String ADMIN_KEY = "dev-admin-key";
    static final String A = "split-a";
    static final String B = "split-b";

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void suppliers() {
        supplier(A, 52.5, 13.4, Map.of("BF-A1", 500, "BF-A2", 500));
        supplier(B, 48.1, 11.6, Map.of("BF-B1", 500));
        // nothing happens on its own: the test says when each supplier accepts and ships
        for (String supplier : List.of(A, B)) {
            TestHttp.client().build().put().uri(demo.sandbox().controlBaseUrl(supplier) + "/profile")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("""
                            {"acceptAfter":"PT10H","fulfilAfter":"PT10H","trackAfter":"PT10H","deliverAfter":"PT10H",
                             "carrier":"DHL","rejectAll":false}""")
                    .exchange().expectStatus().is2xxSuccessful();
        }
    }

    // ---- the order and its supplier orders

    record SplitOrder(String id, Map<String, String> refs) {
    }

    SplitOrder placeSplitOrder() {
        return placeSplitOrder("ana@example.org");
    }

    SplitOrder placeSplitOrder(String email) {
        var body = orderBody(unique("backflow"), "DE", new LinkedHashMap<>(Map.of()))
                .replace("ana@example.org", email).replace("\"lines\":[]", """
                "lines":[{"lineId":"L1","sku":"BF-A1","quantity":2,"unitPrice":10.00},
                         {"lineId":"L2","sku":"BF-A2","quantity":1,"unitPrice":10.00},
                         {"lineId":"L3","sku":"BF-B1","quantity":3,"unitPrice":10.00}]""");
        var orderId = place(body).path("orderId").asString();
        var view = awaitView(orderId, v -> v.path("allocations").size() == 2 && allSubmitted(v), Duration.ofSeconds(30));
        var refs = new TreeMap<String, String>();
        view.path("allocations").forEach(a -> refs.put(a.path("supplierId").asString(), a.path("supplierOrderRef").asString()));
        assertThat(refs.keySet()).containsExactly(A, B);
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "AWAITING_SUPPLIER", "L2", "AWAITING_SUPPLIER",
                "L3", "AWAITING_SUPPLIER"));
        return new SplitOrder(orderId, refs);
    }

    private static boolean allSubmitted(JsonNode view) {
        for (JsonNode a : view.path("allocations")) {
            if (!a.path("supplierOrderRef").isString()) {
                return false;
            }
        }
        return true;
    }

    void shipEverything(SplitOrder order, boolean duplicate, Long seed) {
        ship(order, A, duplicate, seed, pkg("1", Map.of("L1", 2), "FULFILLED", "TRACKED", "DELIVERED"),
                pkg("2", Map.of("L2", 1), "FULFILLED", "TRACKED", "DELIVERED"));
        ship(order, B, duplicate, seed, pkg("1", Map.of("L3", 3), "FULFILLED", "TRACKED", "DELIVERED"));
    }

    static String pkg(String id, Map<String, Integer> lines, String... steps) {
        return pkgWithDetail(id, lines, null, steps);
    }

    /** detail: what the carrier says about its status steps ("address not found"). */
    static String pkgWithDetail(String id, Map<String, Integer> lines, String detail, String... steps) {
        var lineJson = new ArrayList<String>();
        lines.forEach((line, quantity) -> lineJson.add("{\"lineReference\":\"%s\",\"quantity\":%d}".formatted(line, quantity)));
        var stepJson = new ArrayList<String>();
        for (String step : steps) {
            stepJson.add("\"" + step + "\"");
        }
        return "{\"packageId\":\"%s\",\"lines\":[%s],\"steps\":[%s],\"detail\":%s}".formatted(id,
                String.join(",", lineJson), String.join(",", stepJson), detail == null ? "null" : "\"" + detail + "\"");
    }

    void ship(SplitOrder order, String supplier, boolean duplicate, Long seed, String... packages) {
        TestHttp.client().build().post()
                .uri(demo.sandbox().controlBaseUrl(supplier) + "/orders/" + order.refs().get(supplier) + "/shipments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"packages\":[%s],\"duplicate\":%s,\"shuffleSeed\":%s}".formatted(
                        String.join(",", packages), duplicate, seed == null ? "null" : seed.toString()))
                .exchange().expectStatus().isAccepted();
    }

    // ---- reading the outcome

    static JsonNode line(JsonNode view, String lineId) {
        for (JsonNode line : view.path("lines")) {
            if (line.path("lineId").asString().equals(lineId)) {
                return line;
            }
        }
        return JSON.missingNode();
    }

    /** The package of a supplier that carries a line (the test never puts a line in two packages). */
    static JsonNode shipment(JsonNode view, String supplier, String lineId) {
        for (JsonNode shipment : view.path("shipments")) {
            if (shipment.path("supplierId").asString().equals(supplier)
                    && shipment.path("lines").path(0).path("lineId").asString().equals(lineId)) {
                return shipment;
            }
        }
        return JSON.missingNode();
    }

    static Map<String, String> lineStates(JsonNode view) {
        var states = new TreeMap<String, String>();
        view.path("lines").forEach(l -> states.put(l.path("lineId").asString(), l.path("status").asString()));
        return states;
    }

    /** What must not depend on arrival order: statuses, quantities and packages, without ids and times. */
    static List<String> normalized(JsonNode view) {
        var facts = new ArrayList<String>();
        facts.add("order " + view.path("status").asString());
        view.path("lines").forEach(l -> facts.add("line %s %s %s q%d f%d s%d d%d".formatted(l.path("lineId").asString(),
                l.path("sku").asString(), l.path("status").asString(), l.path("quantity").asInt(),
                l.path("fulfilled").asInt(), l.path("shipped").asInt(), l.path("delivered").asInt())));
        var shipments = new ArrayList<String>();
        view.path("shipments").forEach(s -> shipments.add("shipment %s %s %s %s %s".formatted(s.path("supplierId").asString(),
                s.path("status").asString(), s.path("carrier").asString(), s.path("lines").toString(),
                s.path("trackingNumber").isString())));
        shipments.sort(Comparator.naturalOrder());
        facts.addAll(shipments);
        view.path("allocations").forEach(a -> facts.add("allocation %s %s".formatted(a.path("supplierId").asString(),
                a.path("status").asString())));
        return facts;
    }

    /**
     * The order's event types per stream: each package, each supplier order's acceptance, the order itself. Streams of
     * independent packages interleave differently; within one, the sequence must be the same.
     */
    Map<String, List<String>> awaitHistory(SplitOrder order) {
        var history = new TreeMap<String, List<String>>();
        var refs = Map.of(order.refs().get(A), A, order.refs().get(B), B);
        jdbc.query("""
                SELECT payloadtype, convert_from(payload, 'UTF8')::jsonb AS p FROM domainevententry
                WHERE aggregateidentifier = ? ORDER BY sequencenumber""", rs -> {
            var type = rs.getString(1).substring(rs.getString(1).lastIndexOf('.') + 1);
            var payload = JSON.readTree(rs.getString(2));
            var shipment = payload.path("shipmentId").isString() ? payload.path("shipmentId").asString()
                    : payload.path("fulfillmentId").asString(null);
            var supplierId = payload.path("supplierId");
            var supplier = supplierId.isObject() ? supplierId.path("value").asString() : supplierId.asString("order");
            String stream;
            if (shipment != null) {
                stream = supplier + " package " + shipment.substring(shipment.lastIndexOf('-') + 1);
            } else if (type.startsWith("SupplierOrder")) {
                stream = supplier + " supplier order";
            } else {
                stream = type.equals("OrderCompletedEvent") ? "order completion" : "order";
            }
            history.computeIfAbsent(stream, k -> new ArrayList<>()).add(type);
        }, order.id());
        assertThat(refs).hasSize(2);
        return history;
    }

    List<String> timelineTypes(String orderId) {
        var timeline = JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        var types = new ArrayList<String>();
        timeline.forEach(e -> types.add(e.path("type").asString()));
        return types;
    }

    // ---- suppliers

    void supplier(String id, double lat, double lon, Map<String, Integer> stock) {
        var sandbox = new SandboxSuppliers(http(), demo, jdbc);
        sandbox.register(sandbox.partner(id).at("DE", lat, lon).shippingTo("DE", "NL", "FR"), stock);
    }
}
