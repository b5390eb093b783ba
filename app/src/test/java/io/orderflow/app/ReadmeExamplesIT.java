package io.orderflow.app;

import io.orderflow.app.ReadmeExamples.Compare;
import io.orderflow.app.demo.DemoSuppliers;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows README.md as a newcomer would, with the README's own commands and bodies, and compares every answer it
 * shows with the real one: the same members, statuses and texts, the timeline's steps in the same order. When this
 * fails, the README promises something the service does not do (or the other way round): fix whichever is wrong.
 */
class ReadmeExamplesIT extends AppIntegrationTestBase {

    /** The suppliers a newcomer's embedded default has. */
    static final Set<String> EMBEDDED_DEFAULT_SUPPLIERS =
            Set.of("amsterdam-shop", "berlin-gear", "lyon-outfitters", "rotterdam-3pl");

    static final ReadmeExamples README = ReadmeExamples.load();

    @Autowired
    DemoSuppliers demo;

    @Test
    void aFirstOrderFromStorefrontToDeliveryAnswersAsTheReadmeShows() {
        var placeCommand = README.block("-H 'Idempotency-Key: first-order-1'");
        var placed = post("/api/v1/orders", "dev-storefront-key", "first-order-1", ReadmeExamples.curlBody(placeCommand),
                201);
        assertMatches("the answer to placing the order", README.blockAfter("Idempotency-Key: first-order-1", "json"),
                placed, Compare.VALUES);
        String orderId = placed.path("orderId").asString();

        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        assertMatches("the delivered order's view",
                README.blockAfter("/api/v1/orders/$ORDER/stream", "json"), normalized(delivered), Compare.VALUES);

        // the timeline, every step in the README's order with the README's words
        var shown = ReadmeExamples.timeline(README.blockAfter("/api/v1/orders/$ORDER/timeline", ""));
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var timeline = get("/api/v1/orders/" + orderId + "/timeline", "dev-storefront-key");
            var types = new ArrayList<String>();
            timeline.forEach(entry -> types.add(entry.path("type").asString()));
            assertThat(types).as("the timeline's steps").containsExactlyElementsOf(shown.stream().map(Map.Entry::getKey).toList());
            for (int i = 0; i < shown.size(); i++) {
                String text = timeline.get(i).path("text").asString();
                assertThat(ReadmeExamples.textMatches(shown.get(i).getValue(), text))
                        .as("timeline step %s: README \"%s\", service \"%s\"", types.get(i), shown.get(i).getValue(), text)
                        .isTrue();
            }
        });

        // an auditor's view of its history has the README's members
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertMatches("the order's audit history",
                README.blockAfter("/api/v1/audit/orders/$ORDER/events", "json"),
                get("/api/v1/audit/orders/" + orderId + "/events", "dev-auditor-key"), Compare.SHAPE));

        // the tracking JSON has the README's members (the README shows it while shipped; this order is delivered)
        var token = URI.create(delivered.path("trackingUrl").asString()).getPath().substring("/track/".length());
        var tracking = http().get().uri("/api/v1/tracking/{token}", token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertMatches("the tracking JSON", README.blockAfter("curl -s  http://localhost:8080/api/v1/tracking/$TOKEN", "json"),
                JSON.readTree(tracking), Compare.SHAPE);
    }

    @Test
    void theRoutingPreviewExplainsAsTheReadmeShows() {
        var previewCommand = README.block("/api/v1/routing/preview \\");
        var preview = post("/api/v1/routing/preview", "dev-storefront-key", null, ReadmeExamples.curlBody(previewCommand),
                200);
        // every supplier of the retailer is a candidate: here other tests have registered more than the newcomer has
        var candidates = (ArrayNode) preview.path("explanation").path("candidates");
        for (int i = candidates.size() - 1; i >= 0; i--) {
            if (!EMBEDDED_DEFAULT_SUPPLIERS.contains(candidates.get(i).path("supplierId").asString())) {
                candidates.remove(i);
            }
        }
        assertMatches("the routing preview", README.blockAfter("/api/v1/routing/preview \\", "json"), preview,
                Compare.TEXTS);
    }

    /** A supplier of its own (shipping only to DK, where no test orders go), so the demo's routing stays as it is. */
    @Test
    void registeringASupplierAndItsCatalogAnswersAsTheReadmeShows() {
        String id = unique("hamburg").toLowerCase();
        var register = ReadmeExamples.curlBody(README.block("/api/v1/suppliers/hamburg-dropship \\"))
                .replace("\"shipsTo\":[\"DE\",\"AT\",\"DK\"]", "\"shipsTo\":[\"DK\"]");
        var registered = put("/api/v1/suppliers/" + id, register);
        var shown = README.blockAfter("/api/v1/suppliers/hamburg-dropship \\", "json");
        assertMatches("the registered supplier", new ReadmeExamples.Block(shown.language(),
                shown.text().replace("\"shipsTo\":[\"AT\",\"DE\",\"DK\"]", "\"shipsTo\":[\"DK\"]"), shown.line()),
                JSON.readTree(registered.toString().replace(id, "hamburg-dropship")), Compare.VALUES);
        assertThat(registered.toString()).doesNotContain("whsec-");
        // the same body again changes nothing and answers the same version
        assertThat(put("/api/v1/suppliers/" + id, register).path("version")).isEqualTo(registered.path("version"));

        var catalog = ReadmeExamples.curlBody(README.block("/api/v1/suppliers/hamburg-dropship/catalog"));
        var published = put("/api/v1/suppliers/" + id + "/catalog", catalog);
        assertMatches("the published catalog", README.blockAfter("/api/v1/suppliers/hamburg-dropship/catalog", "json"),
                JSON.readTree(published.toString().replace(id, "hamburg-dropship")), Compare.VALUES);
    }

    /** Publishing a policy here would change routing for every other test: the one in force is read back instead. */
    @Test
    void theRoutingPolicyInForceHasTheReadmesMembers() {
        var inForce = (tools.jackson.databind.node.ObjectNode) get("/api/v1/routing-policy", "dev-admin-key");
        assertThat(inForce.path("publishedAt").isString()).as("GET adds publishedAt, as the README says").isTrue();
        inForce.remove("publishedAt");
        assertMatches("the routing policy", README.blockAfter("http://localhost:8080/api/v1/routing-policy \\", "json"),
                inForce, Compare.SHAPE);
    }

    @Test
    void inventoryAnswersAsTheReadmeShows() {
        var inventory = get("/api/v1/inventory?sku=MUG-LOGO", "dev-admin-key");
        assertMatches("the inventory of MUG-LOGO", README.blockAfter("/api/v1/inventory?sku=MUG-LOGO", "json"), inventory,
                Compare.SHAPE);
    }

    @Test
    void theSandboxShipsInPackagesAsTheReadmeShows() {
        var control = demo.sandbox().controlBaseUrl("berlin-gear").toString();
        var sandbox = control.substring(0, control.indexOf("/control/"));
        var sandboxHttp = TestHttp.client().responseTimeout(Duration.ofSeconds(10)).build();
        String usualProfile = sandboxHttp.get().uri(control + "/profile").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        try {
            var profileCommand = README.block("/control/berlin-gear/profile");
            sandboxHttp.put().uri(sandbox + "/control/berlin-gear/profile").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(ReadmeExamples.curlBody(profileCommand)).exchange().expectStatus().isNoContent();

            var order = ReadmeExamples.curlBody(README.block("-H 'Idempotency-Key: first-order-1'"))
                    .replace("SHOP-1001", unique("SHOP"));
            String orderId = post("/api/v1/orders", "dev-storefront-key", unique("readme"), order, 201)
                    .path("orderId").asString();
            var accepted = awaitView(orderId, v -> v.path("status").asString().equals("ACCEPTED"), Duration.ofSeconds(30));
            assertThat(accepted.path("allocations")).singleElement()
                    .satisfies(a -> assertThat(a.path("supplierId").asString()).isEqualTo("berlin-gear"));
            String po = accepted.path("allocations").path(0).path("supplierOrderRef").asString();

            var shipCommand = README.block("/shipments \\");
            var answer = sandboxHttp.post().uri(sandbox + "/control/berlin-gear/orders/" + po + "/shipments")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(ReadmeExamples.curlBody(shipCommand))
                    .exchange().expectStatus().isAccepted().expectBody(String.class).returnResult().getResponseBody();
            assertMatches("the sandbox's answer", README.blockAfter("/shipments \\", "json"), JSON.readTree(answer),
                    Compare.VALUES);

            var shipped = awaitView(orderId, v -> values(v.path("shipments"), "status")
                    .containsAll(List.of("DELAYED", "DELIVERED")), Duration.ofSeconds(30));
            assertThat(values(shipped.path("shipments"), "shipmentId"))
                    .containsExactlyInAnyOrder(po.replace("PO-", "F-") + "-1", po.replace("PO-", "F-") + "-2");
            for (JsonNode shipment : shipped.path("shipments")) {
                if (shipment.path("status").asString().equals("DELAYED")) {
                    assertThat(shipment.path("detail").asString()).isEqualTo("storm in the hub");
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var exceptions = new ArrayList<String>();
                get("/api/v1/exceptions?within=PT2H&limit=1000", "dev-storefront-key").forEach(e -> {
                    if (e.path("orderId").asString().equals(orderId)) {
                        exceptions.add(e.path("reason").asString());
                    }
                });
                assertThat(exceptions).containsExactly("SHIPMENT_DELAYED");
            });
        } finally {
            sandboxHttp.put().uri(control + "/profile").contentType(MediaType.APPLICATION_JSON).bodyValue(usualProfile)
                    .exchange().expectStatus().isNoContent();
        }
    }

    // ----

    private static List<String> values(JsonNode array, String member) {
        var values = new ArrayList<String>();
        array.forEach(element -> values.add(element.path(member).asString()));
        return values;
    }

    private JsonNode post(String path, String apiKey, String idempotencyKey, String body, int status) {
        var request = http().post().uri(path).header("X-Api-Key", apiKey).contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        var answer = request.bodyValue(body).exchange().expectStatus().isEqualTo(status)
                .expectBody(String.class).returnResult().getResponseBody();
        return normalized(JSON.readTree(answer));
    }

    private JsonNode put(String path, String body) {
        var answer = http().put().uri(path).header("X-Api-Key", "dev-admin-key").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        return JSON.readTree(answer);
    }

    private JsonNode get(String path, String apiKey) {
        var answer = http().get().uri(path).header("X-Api-Key", apiKey).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        return normalized(JSON.readTree(answer));
    }

    /** The README's service runs on port 8080; this one on another. */
    private static JsonNode normalized(JsonNode answer) {
        return JSON.readTree(answer.toString().replaceAll("http://localhost:\\d+/", "http://localhost:8080/"));
    }

    private static void assertMatches(String what, ReadmeExamples.Block example, JsonNode actual, Compare compare) {
        assertThat(ReadmeExamples.differences(example.text(), actual, compare))
                .as("%s: README.md line %d against the service's answer %s", what, example.line(), actual)
                .isEmpty();
    }
}
