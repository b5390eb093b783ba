package io.orderflow.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Available-to-promise through whole order life cycles (DESIGN §2, §4 step 6): reserved on routing, committed on the
 * supplier's acceptance, settled by the first stock report the supplier states after accepting, never counted twice,
 * whether that report reaches us before or after the acceptance does.
 */
class AvailableToPromiseIT extends SplitShipmentTestBase {

    static final String SUPPLIER = "over-3";
    static final String SKU = "ATP-1";

    @Test
    void availableToPromiseIsExactThroughTwoLifeCycles() {
        supplier(SUPPLIER, 51.9, 4.5, Map.of(SKU, 100));
        TestHttp.client().build().put().uri(demo.sandbox().controlBaseUrl(SUPPLIER) + "/profile")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"PT10H","fulfilAfter":"PT10H","trackAfter":"PT10H","deliverAfter":"PT10H",
                         "carrier":"DHL","rejectAll":false}""")
                .exchange().expectStatus().is2xxSuccessful();
        awaitStock(100, 0, 0, 100);

        // first order: a report before the acceptance, one after it
        var first = placeOne(3);
        awaitStock(100, 3, 0, 97);
        report(100, Instant.now());
        awaitStock(100, 3, 0, 97);
        ship(first, SUPPLIER, false, null, pkg("1", Map.of("L1", 3)));
        awaitView(first.id(), v -> v.path("allocations").path(0).path("status").asString().equals("ACCEPTED"),
                Duration.ofSeconds(30));
        awaitStock(100, 0, 3, 97);
        report(97, Instant.now());
        awaitStock(97, 0, 0, 97);
        ship(first, SUPPLIER, false, null, pkg("1", Map.of("L1", 3), "FULFILLED", "TRACKED", "DELIVERED"));
        awaitView(first.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        awaitStock(97, 0, 0, 97);

        // second order: the supplier's report, stated after it accepted, arrives before its acceptance does
        var second = placeOne(2);
        awaitStock(97, 2, 0, 95);
        report(95, Instant.now().plusSeconds(60));
        // until the acceptance arrives the line is both reserved and missing from the report: promised too little,
        // never too much
        awaitStock(95, 2, 0, 93);
        ship(second, SUPPLIER, false, null, pkg("1", Map.of("L1", 2), "FULFILLED", "TRACKED", "DELIVERED"));
        awaitView(second.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        awaitStock(95, 0, 0, 95);
    }

    SplitOrder placeOne(int quantity) {
        var orderId = place(orderBody(unique("atp"), "DE", Map.of(SKU, quantity))).path("orderId").asString();
        var view = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(30));
        assertThat(view.path("allocations").path(0).path("supplierId").asString()).isEqualTo(SUPPLIER);
        return new SplitOrder(orderId, Map.of(SUPPLIER, view.path("allocations").path(0).path("supplierOrderRef")
                .asString()));
    }

    void report(int available, Instant asOf) {
        http().post().uri("/api/v1/suppliers/{id}/stock", SUPPLIER).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"levels":[{"supplierSku":"%s-%s","locationId":"main","available":%d,"asOf":"%s"}]}"""
                        .formatted(SUPPLIER, SKU, available, asOf))
                .exchange().expectStatus().is2xxSuccessful();
    }

    void awaitStock(int reported, int reserved, int committed, int available) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode view = JSON.readTree(http().get().uri("/api/v1/inventory?sku=" + SKU)
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            assertThat(view).singleElement().satisfies(p -> assertThat(List.of(p.path("reported").asInt(),
                    p.path("reserved").asInt(), p.path("committed").asInt(), p.path("available").asInt()))
                    .as("reported, reserved, committed, available").containsExactly(reported, reserved, committed,
                            available));
        });
    }
}
