package io.orderflow.app;

import io.orderflow.coreapi.order.OrderId;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The walking skeleton: storefront → routing → supplier over HTTP → signed webhooks via Kafka → delivered. */
class OrderLifecycleIT extends AppIntegrationTestBase {

    static final List<String> HAPPY_PATH = List.of("OrderPlacedEvent", "OrderRoutingStartedEvent",
            "SupplierSelectedEvent", "SupplierOrderSubmissionRequestedEvent", "SupplierOrderSubmittedEvent",
            "SupplierOrderAcceptedEvent", "FulfillmentCreatedEvent", "ShipmentTrackedEvent", "ShipmentDeliveredEvent",
            "OrderCompletedEvent");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionManager axonTransactions;

    @Test
    void anOrderFlowsFromStorefrontToDelivery() {
        var placed = place(orderBody(unique("lifecycle"), "DE", Map.of("TSHIRT-BLACK-M", 2, "MUG-LOGO", 1)));
        var orderId = placed.path("orderId").asString();
        assertThat(placed.path("status").asString()).isEqualTo("PLACED");
        assertThat(placed.path("trackingUrl").asString()).contains("/track/");

        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        assertThat(delivered.path("lines")).hasSize(2).allSatisfy(line -> {
            assertThat(line.path("supplierId").asString()).isEqualTo("berlin-gear");
            assertThat(line.path("status").asString()).isEqualTo("DELIVERED");
            assertThat(line.path("delivered").asInt()).isEqualTo(line.path("quantity").asInt());
        });
        assertThat(delivered.path("shipments")).singleElement().satisfies(shipment -> {
            assertThat(shipment.path("carrier").asString()).isEqualTo("DHL");
            assertThat(shipment.path("trackingNumber").asString()).isNotBlank();
            assertThat(shipment.path("status").asString()).isEqualTo("DELIVERED");
        });

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(eventTypes(orderId)).containsExactlyElementsOf(HAPPY_PATH));

        // the timeline is its own read model, with its own processor: it may be a moment behind the view
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var timeline = JSON.readTree(http().get().uri("/api/v1/orders/{id}/timeline", orderId)
                    .header("X-Api-Key", STOREFRONT_KEY).exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody());
            var types = new ArrayList<String>();
            timeline.forEach(entry -> {
                types.add(entry.path("type").asString() + "Event");
                assertThat(entry.path("text").asString()).isNotBlank();
                assertThat(entry.path("at").asString()).isNotBlank();
            });
            assertThat(types).containsExactlyElementsOf(HAPPY_PATH);
        });
    }

    @Test
    void theStreamSendsTheViewOnEveryChangeUntilDelivered() {
        var placed = place(orderBody(unique("stream"), "DE", Map.of("MUG-LOGO", 1)));
        var orderId = placed.path("orderId").asString();

        List<String> statuses = http().get().uri("/api/v1/orders/{id}/stream", orderId)
                .header("X-Api-Key", STOREFRONT_KEY)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class)
                .getResponseBody()
                .map(data -> JSON.readTree(data).path("status").asString())
                .takeUntil("DELIVERED"::equals)
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(statuses).isNotEmpty().last().isEqualTo("DELIVERED");
        assertThat(statuses).containsSubsequence("ACCEPTED", "IN_FULFILLMENT", "SHIPPED", "DELIVERED");
    }

    @Test
    void packsAreOrderedInSupplierUnitsAndReportedBackInRetailerItems() {
        // SOCKS-3PACK: one retailer item is 3 supplier units at berlin-gear
        var orderId = place(orderBody(unique("packs"), "DE", Map.of("SOCKS-3PACK", 2))).path("orderId").asString();

        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(30));

        assertThat(delivered.path("lines").path(0).path("delivered").asInt()).isEqualTo(2);
        var units = jdbc.queryForObject("SELECT (lines::jsonb -> 0 ->> 'supplierUnits')::int FROM routing_decision "
                + "WHERE order_id = ?", Integer.class, orderId);
        assertThat(units).isEqualTo(6);
    }

    @Test
    void axonRunsInRealTransactions() {
        assertThat(axonTransactions).isNotInstanceOf(NoTransactionManager.class);
    }

    List<String> eventTypes(String orderId) {
        return jdbc.queryForList("SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber", String.class, new OrderId(orderId).value()).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }
}
