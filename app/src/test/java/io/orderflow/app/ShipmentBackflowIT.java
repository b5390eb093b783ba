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
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Split and partial shipments end to end: a three-line order split over two sandbox suppliers, one shipping in two
 * packages and the other in one, through signed webhooks, Kafka, the Order aggregate and the order view.
 */
class ShipmentBackflowIT extends SplitShipmentTestBase {

    @Test
    void aSplitOrderShippedInThreePackagesShowsEveryStepAndEndsDelivered() {
        var order = placeSplitOrder();

        ship(order, A, false, null, pkg("1", Map.of("L1", 2), "FULFILLED", "TRACKED"));
        var view = awaitView(order.id(), v -> shipment(v, A, "L1").path("status").asString().equals("IN_TRANSIT"),
                Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "SHIPPED", "L2", "ACCEPTED", "L3", "AWAITING_SUPPLIER"));
        assertThat(view.path("status").asString()).isEqualTo("IN_FULFILLMENT");
        assertThat(shipment(view, A, "L1").path("trackingUrl").asString()).startsWith("https://tracking.example/");
        assertThat(line(view, "L1").path("shipped").asInt()).isEqualTo(2);

        ship(order, B, false, null, pkg("1", Map.of("L3", 3), "FULFILLED", "TRACKED", "OUT_FOR_DELIVERY"));
        view = awaitView(order.id(), v -> shipment(v, B, "L3").path("status").asString().equals("OUT_FOR_DELIVERY"),
                Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "SHIPPED", "L2", "ACCEPTED", "L3", "SHIPPED"));
        assertThat(view.path("status").asString()).isEqualTo("IN_FULFILLMENT");

        ship(order, A, false, null, pkg("2", Map.of("L2", 1), "FULFILLED"));
        view = awaitView(order.id(), v -> shipment(v, A, "L2").path("status").asString().equals("PREPARING"),
                Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "SHIPPED", "L2", "IN_FULFILLMENT", "L3", "SHIPPED"));

        ship(order, A, false, null, pkg("2", Map.of("L2", 1), "TRACKED"));
        view = awaitView(order.id(), v -> v.path("status").asString().equals("SHIPPED"), Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "SHIPPED", "L2", "SHIPPED", "L3", "SHIPPED"));
        assertThat(view.path("shipments").size()).isEqualTo(3);

        ship(order, A, false, null, pkg("1", Map.of("L1", 2), "DELIVERED"));
        view = awaitView(order.id(), v -> line(v, "L1").path("status").asString().equals("DELIVERED"),
                Duration.ofSeconds(30));
        assertThat(view.path("status").asString()).isEqualTo("SHIPPED");
        assertThat(shipment(view, A, "L1").path("status").asString()).isEqualTo("DELIVERED");

        ship(order, B, false, null, pkg("1", Map.of("L3", 3), "DELIVERED"));
        ship(order, A, false, null, pkg("2", Map.of("L2", 1), "DELIVERED"));
        view = awaitView(order.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));
        assertThat(lineStates(view)).isEqualTo(Map.of("L1", "DELIVERED", "L2", "DELIVERED", "L3", "DELIVERED"));
        assertThat(view.path("shipments")).allSatisfy(s -> assertThat(s.path("status").asString()).isEqualTo("DELIVERED"));
        view.path("lines").forEach(l -> assertThat(l.path("delivered").asInt()).isEqualTo(l.path("quantity").asInt()));

        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(timelineTypes(order.id()))
                .containsSubsequence("FulfillmentCreated", "ShipmentTracked", "ShipmentStatusChanged",
                        "ShipmentDelivered", "OrderCompleted")
                .filteredOn("ShipmentDelivered"::equals).hasSize(3));
    }

    @Test
    void shuffledAndDuplicatedWebhooksEndInTheSameViewAndHistory() {
        var reference = placeSplitOrder();
        shipEverything(reference, false, null);
        var referenceView = awaitView(reference.id(), v -> v.path("status").asString().equals("DELIVERED"),
                Duration.ofSeconds(45));
        var referenceHistory = awaitHistory(reference);

        for (long seed : new long[] {7, 1234}) {
            var shuffled = placeSplitOrder();
            shipEverything(shuffled, true, seed);
            awaitView(shuffled.id(), v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(45));
            // every webhook went out (the copies too), and once they are all in, nothing they said changed the outcome
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject("""
                    SELECT count(*) FROM sandbox.webhook_delivery WHERE order_id IN (?, ?) AND NOT cancelled
                    AND sent_at IS NULL""", Integer.class, shuffled.refs().get(A), shuffled.refs().get(B)) == 0);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM sandbox.webhook_delivery WHERE order_id IN (?, ?) "
                    + "AND sent_at IS NOT NULL", Integer.class, shuffled.refs().get(A), shuffled.refs().get(B)))
                    .as("each of the 11 webhooks twice").isEqualTo(22);
            Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(normalized(view(shuffled.id(), STOREFRONT_KEY))).as("view, seed %d", seed)
                        .isEqualTo(normalized(referenceView));
                assertThat(awaitHistory(shuffled)).as("history per package, seed %d", seed).isEqualTo(referenceHistory);
            });
        }
    }
}
