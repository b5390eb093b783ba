package io.orderflow.app;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One stock position under contention, and what a supplier's level report does to the units it committed: the
 * position promises exactly what it holds, however many orders race for it, and counts an accepted line once.
 */
class HotStockPositionIT extends SplitShipmentTestBase {

    @Autowired
    EventStore eventStore;

    @Test
    void fiveHundredConcurrentOrdersForThirtySevenUnitsAllocateExactlyThirtySeven() {
        var supplier = "hot-37";
        var sku = "HOT-37";
        supplier(supplier, 52.5, 13.4, Map.of(sku, 37));

        List<String> orderIds = Flux.range(0, 500)
                .flatMap(i -> Mono.fromCallable(() -> place(orderBody(unique("hot"), "DE", Map.of(sku, 1)))
                        .path("orderId").asString()).subscribeOn(Schedulers.boundedElastic()), 50)
                .collectList().block(Duration.ofMinutes(3));
        assertThat(orderIds).hasSize(500).doesNotHaveDuplicates();

        var settled = orderIds.stream()
                .map(id -> awaitView(id, v -> !Set.of("PLACED", "ROUTING").contains(v.path("status").asString()),
                        Duration.ofMinutes(3)).path("status").asString())
                .toList();
        assertThat(settled.stream().filter(s -> !s.equals("BACKORDERED")).count()).isEqualTo(37);
        assertThat(settled.stream().filter("BACKORDERED"::equals).count()).isEqualTo(463);

        var position = StockPositionId.of(new SupplierId(supplier), "main", supplier + "-" + sku);
        var reserved = eventStore.readEvents(position.value(), 0).asStream()
                .map(DomainEventMessage::getPayloadType).map(Class::getSimpleName)
                .filter("StockReservedEvent"::equals).count();
        assertThat(reserved).as("reservations at the position").isEqualTo(37);
        var view = inventory(sku);
        assertThat(view.path("available").asInt()).isZero();
        assertThat(view.path("reserved").asInt() + view.path("committed").asInt()).isEqualTo(37);
    }

    /** The sandbox states its level at the instant it accepts: that level already holds the accepted line. */
    @Test
    void aLevelStatedAtTheAcceptanceInstantSettlesTheCommitmentAndADeliveredOrderLeavesNothingCommitted() {
        var supplier = "same-instant";
        var sku = "SAME-INSTANT";
        supplier(supplier, 52.5, 13.4, Map.of(sku, 50));
        TestHttp.client().build().put().uri(demo.sandbox().controlBaseUrl(supplier) + "/profile")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"acceptAfter":"PT10H","fulfilAfter":"PT10H","trackAfter":"PT10H","deliverAfter":"PT10H",
                         "carrier":"DHL","rejectAll":false}""")
                .exchange().expectStatus().is2xxSuccessful();
        report(supplier, sku, 50, 4, Instant.now());
        awaitStock(sku, 50, 0, 0, 46);

        var orderId = place(orderBody(unique("same"), "DE", Map.of(sku, 3))).path("orderId").asString();
        var view = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(30));
        var order = new SplitOrder(orderId, Map.of(supplier, view.path("allocations").path(0)
                .path("supplierOrderRef").asString()));
        ship(order, supplier, false, null, pkg("1", Map.of("L1", 3)));
        awaitStock(sku, 50, 0, 3, 43);

        var position = StockPositionId.of(new SupplierId(supplier), "main", supplier + "-" + sku);
        var acceptedAt = eventStore.readEvents(position.value(), 0).asStream()
                .filter(e -> e.getPayload() instanceof StockCommittedEvent)
                .map(e -> ((StockCommittedEvent) e.getPayload()).acceptedAt())
                .reduce((first, second) -> second).orElseThrow();
        report(supplier, sku, 47, null, acceptedAt);
        awaitStock(sku, 47, 0, 0, 43);

        ship(order, supplier, false, null, pkg("1", Map.of("L1", 3), "FULFILLED", "TRACKED", "DELIVERED"));
        awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        report(supplier, sku, 47, null, acceptedAt.plusSeconds(60));
        awaitStock(sku, 47, 0, 0, 43);
    }

    void report(String supplier, String sku, int available, Integer safetyStock, Instant asOf) {
        http().post().uri("/api/v1/suppliers/{id}/stock", supplier).header("X-Api-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("""
                        {"levels":[{"supplierSku":"%s-%s","locationId":"main","available":%d,"asOf":"%s"%s}]}"""
                        .formatted(supplier, sku, available, asOf,
                                safetyStock == null ? "" : ",\"safetyStock\":" + safetyStock))
                .exchange().expectStatus().is2xxSuccessful();
    }

    JsonNode inventory(String sku) {
        JsonNode view = JSON.readTree(http().get().uri("/api/v1/inventory?sku=" + sku)
                .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        assertThat(view).hasSize(1);
        return view.path(0);
    }

    void awaitStock(String sku, int reported, int reserved, int committed, int available) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var p = inventory(sku);
            assertThat(List.of(p.path("reported").asInt(), p.path("reserved").asInt(), p.path("committed").asInt(),
                    p.path("available").asInt())).as("reported, reserved, committed, available")
                    .containsExactly(reported, reserved, committed, available);
        });
    }
}
