package io.orderflow.sandbox;

import io.orderflow.sandbox.suppliers.BehaviourProfile;
import static io.orderflow.sandbox.SandboxFixture.eventually;
import static io.orderflow.sandbox.SandboxFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.sandbox.WebhookReceiver.Delivery;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ShipmentScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SCRIPT = """
            {"packages":[
              {"packageId":"1","lines":[{"lineReference":"L1","quantity":1}],"steps":["FULFILLED","TRACKED","DELAYED"],
               "detail":"storm"},
              {"packageId":"2","lines":[{"lineReference":"L1","quantity":1}],"steps":["FULFILLED","DELIVERED"]}],
             "duplicate":%s,"shuffleSeed":%s}""";

    private SandboxFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static BehaviourProfile slow() {
        return new BehaviourProfile(Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
                "DHL", false);
    }

    @Test
    void canShipInPackagesWhoseWebhooksStateTheirLinesAndTracking() {
        fixture = new SandboxFixture(slow());
        String orderId = fixture.placeOrder("ALLOC-PKG");

        HttpResponse<String> queued = fixture.control("POST", "/orders/" + orderId + "/shipments",
                SCRIPT.formatted(false, "null"));
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(json(queued).path("webhooks").asInt()).isEqualTo(6);

        eventually(WAIT, "six webhooks", () -> fixture.receiver.acceptedFor(orderId).size() >= 6);
        List<Delivery> deliveries = fixture.receiver.acceptedFor(orderId);
        assertThat(deliveries).extracting(Delivery::type).containsExactly("order.accepted", "fulfillment.created",
                "shipment.tracked", "shipment.status_changed", "fulfillment.created", "shipment.delivered");
        JsonNode delayed = deliveries.get(3).json().path("data");
        assertThat(delayed.path("status").asString()).isEqualTo("DELAYED");
        assertThat(delayed.path("detail").asString()).isEqualTo("storm");
        assertThat(delayed.path("lines").path(0).path("lineReference").asString()).isEqualTo("L1");
        assertThat(delayed.path("trackingNumber").asString()).isNotBlank();
        assertThat(delayed.path("acceptedAt").asString()).isNotBlank();
        JsonNode delivered = deliveries.get(5).json().path("data");
        assertThat(delivered.path("fulfillmentId").asString()).endsWith("-2")
                .isNotEqualTo(delayed.path("fulfillmentId").asString());
        assertThat(delivered.path("trackingNumber").asString()).isNotEqualTo(delayed.path("trackingNumber").asString());
    }

    @Test
    void canSendEveryWebhookTwiceInAShuffledOrder() {
        fixture = new SandboxFixture(slow());
        String orderId = fixture.placeOrder("ALLOC-SHUFFLE");

        HttpResponse<String> queued = fixture.control("POST", "/orders/" + orderId + "/shipments",
                SCRIPT.formatted(true, "3"));
        assertThat(json(queued).path("webhooks").asInt()).isEqualTo(12);

        eventually(WAIT, "twelve webhooks", () -> fixture.receiver.acceptedFor(orderId).size() >= 12);
        List<Delivery> deliveries = fixture.receiver.acceptedFor(orderId);
        // every event twice: half of the copies a redelivery (same id), half the same fact reported again (new id)
        assertThat(deliveries.stream().map(Delivery::eventId).distinct().count()).isEqualTo(9);
        assertThat(deliveries).extracting(Delivery::type).filteredOn("fulfillment.created"::equals).hasSize(4);
        assertThat(deliveries).extracting(Delivery::type).isNotEqualTo(List.of("order.accepted", "order.accepted",
                "fulfillment.created", "fulfillment.created", "shipment.tracked", "shipment.tracked",
                "shipment.status_changed", "shipment.status_changed", "fulfillment.created", "fulfillment.created",
                "shipment.delivered", "shipment.delivered"));
    }

    @Test
    void cannotScriptUnknownStepsOrOrders() {
        fixture = new SandboxFixture(slow());
        String orderId = fixture.placeOrder("ALLOC-BAD");

        HttpResponse<String> bad = fixture.control("POST", "/orders/" + orderId + "/shipments",
                "{\"packages\":[{\"packageId\":\"1\",\"steps\":[\"TELEPORTED\"]}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(fixture.control("POST", "/orders/PO-nope/shipments", SCRIPT.formatted(false, "null")).statusCode())
                .isEqualTo(404);
    }

    @Test
    void duplicateAndShuffleSeedAreOptional() {
        fixture = new SandboxFixture(slow());
        String orderId = fixture.placeOrder("ALLOC-MINIMAL");

        HttpResponse<String> queued = fixture.control("POST", "/orders/" + orderId + "/shipments",
                "{\"packages\":[{\"packageId\":\"1\",\"steps\":[\"FULFILLED\",\"TRACKED\"]}]}");
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        assertThat(json(queued).path("webhooks").asInt()).isEqualTo(3);
    }

    @Test
    void cannotShipLinesTheOrderDoesNotHaveOrMoreThanWasOrdered() {
        fixture = new SandboxFixture(slow());
        String orderId = fixture.placeOrder("ALLOC-LINES");

        HttpResponse<String> unknownLine = fixture.control("POST", "/orders/" + orderId + "/shipments", """
                {"packages":[{"packageId":"1","lines":[{"lineReference":"L9","quantity":1}],"steps":["FULFILLED"]}]}""");
        assertThat(unknownLine.statusCode()).isEqualTo(400);
        assertThat(json(unknownLine).path("detail").asString()).contains("has no line L9", "[L1]");

        HttpResponse<String> tooMany = fixture.control("POST", "/orders/" + orderId + "/shipments", """
                {"packages":[{"packageId":"1","lines":[{"lineReference":"L1","quantity":2}],"steps":["FULFILLED"]},
                             {"packageId":"2","lines":[{"lineReference":"L1","quantity":2}],"steps":["FULFILLED"]}]}""");
        assertThat(tooMany.statusCode()).isEqualTo(400);
        assertThat(json(tooMany).path("detail").asString()).contains("line L1", "4 in packages", "3 ordered");

        HttpResponse<String> wrongType = fixture.control("POST", "/orders/" + orderId + "/shipments", """
                {"packages":[{"packageId":"1","steps":["FULFILLED"]}],"duplicate":"maybe"}""");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(json(wrongType).path("detail").asString()).contains("duplicate").doesNotContain("Jackson", "`");

        // nothing of the refused scripts was queued: the order still ships in full
        HttpResponse<String> fine = fixture.control("POST", "/orders/" + orderId + "/shipments", """
                {"packages":[{"packageId":"1","lines":[{"lineReference":"L1","quantity":3}],"steps":["FULFILLED"]}]}""");
        assertThat(fine.statusCode()).as(fine.body()).isEqualTo(202);
    }
}
