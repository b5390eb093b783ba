package io.orderflow.sandbox;

import io.orderflow.sandbox.suppliers.BehaviourProfile;
import static io.orderflow.sandbox.SandboxFixture.eventually;
import static io.orderflow.sandbox.SandboxFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.sandbox.WebhookReceiver.Delivery;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WebhookLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})");

    private SandboxFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void canDeliverTheWholeLifecycleInOrderWithValidSignatures() {
        fixture = new SandboxFixture();
        String orderId = fixture.placeOrder("ALLOC-1");

        eventually(WAIT, "four delivered webhooks", () -> fixture.receiver.acceptedFor(orderId).size() >= 4);
        List<Delivery> deliveries = fixture.receiver.acceptedFor(orderId);
        assertThat(deliveries).extracting(Delivery::type)
                .containsExactly("order.accepted", "fulfillment.created", "shipment.tracked", "shipment.delivered");
        assertThat(deliveries).extracting(Delivery::eventId).doesNotHaveDuplicates();
        for (Delivery delivery : deliveries) {
            assertThat(delivery.path()).isEqualTo("/webhooks/partner/acme");
            assertThat(delivery.contentType()).isEqualTo("application/json");
            Matcher signature = SIGNATURE.matcher(delivery.signature());
            assertThat(signature.matches()).as(delivery.signature()).isTrue();
            long t = Long.parseLong(signature.group(1));
            assertThat(t).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
            assertThat(signature.group(2))
                    .isEqualTo(SandboxFixture.hmacHex(SandboxFixture.WEBHOOK_SECRET, t, delivery.body()))
                    .isNotEqualTo(SandboxFixture.hmacHex(SandboxFixture.API_SECRET, t, delivery.body()));
            JsonNode json = delivery.json();
            assertThat(json.path("data").path("orderId").asString()).isEqualTo(orderId);
            assertThat(json.path("data").path("reference").asString()).isEqualTo("ALLOC-1");
            assertThat(Instant.parse(json.path("occurredAt").asString())).isBefore(Instant.now());
        }

        JsonNode fulfilled = deliveries.get(1).json().path("data");
        String fulfillmentId = fulfilled.path("fulfillmentId").asString();
        assertThat(fulfillmentId).startsWith("F-");
        assertThat(fulfilled.path("lines").get(0).path("lineReference").asString()).isEqualTo("L1");
        assertThat(fulfilled.path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
        assertThat(LocalDate.parse(fulfilled.path("expectedShipDate").asString())).isNotNull();

        JsonNode tracked = deliveries.get(2).json().path("data");
        assertThat(tracked.path("fulfillmentId").asString()).isEqualTo(fulfillmentId);
        assertThat(tracked.path("carrier").asString()).isEqualTo("DHL");
        String trackingNumber = tracked.path("trackingNumber").asString();
        assertThat(trackingNumber).matches("00340434\\d{12}");
        assertThat(tracked.path("trackingUrl").asString()).isEqualTo("https://tracking.example/" + trackingNumber);

        JsonNode delivered = deliveries.get(3).json().path("data");
        assertThat(delivered.path("fulfillmentId").asString()).isEqualTo(fulfillmentId);
        assertThat(Instant.parse(delivered.path("deliveredAt").asString())).isBefore(Instant.now());

        JsonNode order = json(fixture.partnerGet("/orders/" + orderId));
        assertThat(order.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(order.path("fulfillments").get(0).path("trackingNumber").asString()).isEqualTo(trackingNumber);

        // acceptance took 3 of SKU-1 from the fullest location
        JsonNode levels = json(fixture.partnerGet("/inventory")).path("levels");
        assertThat(available(levels, "SKU-1", "WH-1")).isEqualTo(7);
        assertThat(available(levels, "SKU-1", "WH-2")).isEqualTo(5);
    }

    /**
     * A supplier's webhooks go out side by side: one answered slowly holds up only its own order. The held answer
     * comes before the sender's request timeout, so it is attempted once; had the other orders waited for it (as a
     * batch waits for its slowest request), it would have timed out and been sent a second time.
     */
    @Test
    void canDeliverOtherOrdersWebhooksWhileOneWaitsForItsAnswer() {
        fixture = new SandboxFixture();
        fixture.receiver.holdNextAnswerFor("ALLOC-SLOW");
        String slow = fixture.placeOrder("ALLOC-SLOW");
        List<String> others = List.of(fixture.placeOrder("ALLOC-B"), fixture.placeOrder("ALLOC-C"),
                fixture.placeOrder("ALLOC-D"));

        eventually(WAIT, "the other orders' lifecycles",
                () -> others.stream().allMatch(order -> fixture.receiver.acceptedFor(order).size() >= 4));
        assertThat(fixture.receiver.deliveriesFor(slow)).isEmpty();
        fixture.receiver.answerHeld();

        eventually(WAIT, "the slow order's lifecycle", () -> fixture.receiver.acceptedFor(slow).size() >= 4);
        assertThat(fixture.receiver.deliveriesFor(slow)).extracting(Delivery::type)
                .containsExactly("order.accepted", "fulfillment.created", "shipment.tracked", "shipment.delivered");
    }

    @Test
    void canRejectTheNextOrderOnly() {
        fixture = new SandboxFixture();
        assertThat(fixture.control("POST", "/reject-next", null).statusCode()).isEqualTo(204);

        String rejected = fixture.placeOrder("ALLOC-REJECTED");
        String accepted = fixture.placeOrder("ALLOC-ACCEPTED");

        eventually(WAIT, "the second order's lifecycle", () -> fixture.receiver.acceptedFor(accepted).size() >= 4);
        List<Delivery> rejections = fixture.receiver.acceptedFor(rejected);
        assertThat(rejections).extracting(Delivery::type).containsExactly("order.rejected");
        JsonNode data = rejections.getFirst().json().path("data");
        assertThat(data.path("reason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(data.path("reference").asString()).isEqualTo("ALLOC-REJECTED");
        assertThat(json(fixture.partnerGet("/orders/" + rejected)).path("status").asString()).isEqualTo("REJECTED");
        // only the accepted order took stock
        assertThat(available(json(fixture.partnerGet("/inventory")).path("levels"), "SKU-1", "WH-1")).isEqualTo(7);
    }

    @Test
    void canRetryARefusedDeliveryWithTheSameEventAndKeepTheOrder() {
        fixture = new SandboxFixture();
        fixture.receiver.failNext(2);
        String orderId = fixture.placeOrder("ALLOC-RETRY");

        eventually(WAIT, "the lifecycle despite refusals", () -> fixture.receiver.acceptedFor(orderId).size() >= 4);
        List<Delivery> all = fixture.receiver.deliveriesFor(orderId);
        assertThat(all).extracting(Delivery::answeredWith).startsWith(500, 500, 200);
        List<Delivery> attempts = all.subList(0, 3);
        assertThat(attempts).extracting(Delivery::type).containsOnly("order.accepted");
        assertThat(attempts).extracting(Delivery::eventId).containsOnly(all.getFirst().eventId());
        assertThat(attempts).allSatisfy(d -> assertThat(d.body()).isEqualTo(all.getFirst().body()));
        assertThat(fixture.receiver.acceptedFor(orderId)).extracting(Delivery::type)
                .containsExactly("order.accepted", "fulfillment.created", "shipment.tracked", "shipment.delivered");
    }

    @Test
    void canResumePendingWebhooksAfterARestart() {
        fixture = new SandboxFixture(new BehaviourProfile(Duration.ofMillis(50), Duration.ofMillis(1500),
                Duration.ofMillis(1600), Duration.ofMillis(1700), "UPS", false));
        String orderId = fixture.placeOrder("ALLOC-RESTART");
        eventually(WAIT, "acceptance", () -> fixture.receiver.acceptedFor(orderId).size() >= 1);

        fixture.sandbox.close();
        assertThat(fixture.receiver.acceptedFor(orderId)).extracting(Delivery::type).containsExactly("order.accepted");
        fixture.start();

        eventually(WAIT, "the rest of the lifecycle", () -> fixture.receiver.acceptedFor(orderId).size() >= 4);
        assertThat(fixture.receiver.acceptedFor(orderId)).extracting(Delivery::type)
                .containsExactly("order.accepted", "fulfillment.created", "shipment.tracked", "shipment.delivered");
        assertThat(fixture.receiver.acceptedFor(orderId).get(2).json().path("data").path("carrier").asString())
                .isEqualTo("UPS");
        // a restart must not seed stock again over what the order took
        assertThat(available(json(fixture.partnerGet("/inventory")).path("levels"), "SKU-1", "WH-1")).isEqualTo(7);
    }

    @Test
    void canCancelBeforeShipmentAndSendNothingMore() throws InterruptedException {
        fixture = new SandboxFixture(new BehaviourProfile(Duration.ofMillis(50), Duration.ofSeconds(30),
                Duration.ofSeconds(31), Duration.ofSeconds(32), "DHL", false));
        String orderId = fixture.placeOrder("ALLOC-CANCEL");
        eventually(WAIT, "acceptance", () -> fixture.receiver.acceptedFor(orderId).size() >= 1);

        HttpResponse<String> cancelled = fixture.partnerPost("/orders/" + orderId + "/cancel", "");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).path("status").asString()).isEqualTo("CANCELLED");
        assertThat(json(cancelled).path("id").asString()).isEqualTo(orderId);

        assertThat(fixture.control("POST", "/orders/" + orderId + "/ship-now", null).statusCode()).isEqualTo(204);
        Thread.sleep(500);
        assertThat(fixture.receiver.deliveriesFor(orderId)).extracting(Delivery::type).containsExactly("order.accepted");
        assertThat(json(fixture.partnerGet("/orders/" + orderId)).path("status").asString()).isEqualTo("CANCELLED");
    }

    @Test
    void cannotCancelAShippedOrder() {
        fixture = new SandboxFixture(new BehaviourProfile(Duration.ofSeconds(30), Duration.ofSeconds(31),
                Duration.ofSeconds(32), Duration.ofSeconds(33), "DHL", false));
        String orderId = fixture.placeOrder("ALLOC-SHIPPED");

        assertThat(fixture.control("POST", "/orders/" + orderId + "/ship-now", null).statusCode()).isEqualTo(204);
        eventually(WAIT, "shipment", () -> fixture.receiver.acceptedFor(orderId).size() >= 3);

        HttpResponse<String> refused = fixture.partnerPost("/orders/" + orderId + "/cancel", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    private static int available(JsonNode levels, String sku, String location) {
        for (JsonNode level : levels) {
            if (level.path("supplierSku").asString().equals(sku) && level.path("locationId").asString().equals(location)) {
                assertThat(Instant.parse(level.path("asOf").asString())).isNotNull();
                return level.path("available").asInt();
            }
        }
        throw new AssertionError("no level for " + sku + "@" + location + " in " + levels);
    }
}
