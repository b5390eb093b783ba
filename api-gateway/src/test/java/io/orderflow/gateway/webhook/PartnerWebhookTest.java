package io.orderflow.gateway.webhook;

import static io.orderflow.gateway.GatewayTestApplication.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.supplier.PartnerSignature;
import io.orderflow.gateway.GatewayTestSupport;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;

class PartnerWebhookTest extends GatewayTestSupport {

    private static final String CURRENT = "whsec-current";
    private static final String PREVIOUS = "whsec-previous";
    private static final String EVENT = """
            {"eventId": "evt-1", "type": "order.accepted", "occurredAt": "2026-03-01T10:15:00Z",
             "data": {"orderId": "sup-order-9", "reference": "alloc-1"}}""";

    @BeforeEach
    void supplierWithTwoSecrets() {
        doReturn(Mono.just(List.of(CURRENT, PREVIOUS))).when(webhookSecrets).secretsOf("supplier-1");
        doReturn(Mono.empty()).when(webhookSecrets).secretsOf("stranger");
        doReturn(Mono.empty()).when(deliveryLog).append(any());
    }

    @Test
    void aSignedEventIsAppendedRawThenAccepted() {
        deliver("supplier-1", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT))
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Correlation-Id", "corr-wh")
                .expectBody().jsonPath("$.status").isEqualTo("accepted");

        var delivery = ArgumentCaptor.forClass(WebhookDelivery.class);
        verify(deliveryLog).append(delivery.capture());
        assertThat(delivery.getValue().connector()).isEqualTo("partner");
        assertThat(delivery.getValue().supplierId()).isEqualTo("supplier-1");
        assertThat(delivery.getValue().key()).isEqualTo("sup-order-9");
        assertThat(delivery.getValue().deliveryId()).isEqualTo("evt-1");
        assertThat(delivery.getValue().headers()).containsEntry("type", "order.accepted")
                .containsEntry("correlationId", "corr-wh");
        assertThat(delivery.getValue().body()).isEqualTo(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutASupplierOrderIdTheEventIdIsTheKey() {
        String event = "{\"eventId\": \"evt-2\", \"type\": \"inventory.updated\", \"data\": {\"levels\": []}}";
        deliver("supplier-1", event, signature(CURRENT, NOW.getEpochSecond(), event)).expectStatus().isOk();

        var delivery = ArgumentCaptor.forClass(WebhookDelivery.class);
        verify(deliveryLog).append(delivery.capture());
        assertThat(delivery.getValue().key()).isEqualTo("evt-2");
    }

    @Test
    void thePreviousSecretIsStillAccepted() {
        deliver("supplier-1", EVENT, signature(PREVIOUS, NOW.getEpochSecond(), EVENT)).expectStatus().isOk();
    }

    @Test
    void aBadSignatureIs401AndNothingIsAppended() {
        deliver("supplier-1", EVENT, signature("guessed", NOW.getEpochSecond(), EVENT))
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aSignatureOverOtherBytesIs401() {
        String tampered = EVENT.replace("order.accepted", "order.rejected");
        deliver("supplier-1", tampered, signature(CURRENT, NOW.getEpochSecond(), EVENT)).expectStatus().isUnauthorized();
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aStaleTimestampIs401() {
        long sixMinutesAgo = NOW.minus(Duration.ofMinutes(6)).getEpochSecond();
        deliver("supplier-1", EVENT, signature(CURRENT, sixMinutesAgo, EVENT)).expectStatus().isUnauthorized();
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aTimestampWithinFiveMinutesIsAccepted() {
        long fourMinutesAgo = NOW.minus(Duration.ofMinutes(4)).getEpochSecond();
        deliver("supplier-1", EVENT, signature(CURRENT, fourMinutesAgo, EVENT)).expectStatus().isOk();
    }

    @Test
    void missingOrGarbledSignaturesAre401() {
        deliver("supplier-1", EVENT, null).expectStatus().isUnauthorized();
        deliver("supplier-1", EVENT, "t=abc,v1=zz").expectStatus().isUnauthorized();
        deliver("supplier-1", EVENT, "v1=" + "0".repeat(64)).expectStatus().isUnauthorized();
        deliver("supplier-1", EVENT, "t=" + NOW.getEpochSecond() + ",v1=" + "g".repeat(64)).expectStatus().isUnauthorized();
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void anUnknownSupplierIs401LikeABadSignature() {
        deliver("stranger", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat((String) detail).doesNotContain("stranger"));
    }

    @Test
    void malformedJsonIs400() {
        String body = "{\"eventId\": \"evt-3\", ";
        deliver("supplier-1", body, signature(CURRENT, NOW.getEpochSecond(), body))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aMissingEventIdOrAnUnknownTypeIs400() {
        for (String body : List.of("{\"type\": \"order.accepted\"}", "{\"eventId\": \"e\", \"type\": \"order.teleported\"}",
                "{\"eventId\": 42, \"type\": \"order.accepted\"}", "[1, 2]", "")) {
            deliver("supplier-1", body, signature(CURRENT, NOW.getEpochSecond(), body))
                    .expectStatus().isBadRequest();
        }
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aFailedAppendIs503SoTheSenderRetries() {
        doReturn(Mono.error(new IllegalStateException("kafka down"))).when(deliveryLog).append(any());
        deliver("supplier-1", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT))
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body).doesNotContain("kafka"));
    }

    @Test
    void anAppendSlowerThanThreeSecondsIs503() {
        doReturn(Mono.never()).when(deliveryLog).append(any());
        deliver("supplier-1", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT)).expectStatus().isEqualTo(503);
    }

    @Test
    void unavailableSecretsAre503() {
        doReturn(Mono.error(new IllegalStateException("db down"))).when(webhookSecrets).secretsOf("supplier-1");
        deliver("supplier-1", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT)).expectStatus().isEqualTo(503);
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        String huge = "{\"eventId\": \"evt-4\", \"type\": \"order.accepted\", \"data\": {\"pad\": \""
                + "x".repeat(1024 * 1024) + "\"}}";
        deliver("supplier-1", huge, signature(CURRENT, NOW.getEpochSecond(), huge))
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void controlCharactersAre400AndNothingIsAppended() {
        for (String event : List.of(EVENT.replace("evt-1", "a\\u0000b"), EVENT.replace("alloc-1", "alloc\\u0000"))) {
            deliver("supplier-1", event, signature(CURRENT, NOW.getEpochSecond(), event))
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(String.class).value(problem -> assertThat(problem).contains("control characters"));
        }
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void supplierIdsInThePathAreCaseInsensitive() {
        deliver("SUPPLIER-1", EVENT, signature(CURRENT, NOW.getEpochSecond(), EVENT)).expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec deliver(String supplierId, String body, String signature) {
        var request = web.post().uri("/webhooks/partner/{supplierId}", supplierId)
                .header("X-Correlation-Id", "corr-wh")
                .contentType(MediaType.APPLICATION_JSON);
        if (signature != null) {
            request = request.header("X-Orderflow-Signature", signature);
        }
        return request.bodyValue(body.getBytes(StandardCharsets.UTF_8)).exchange();
    }

    private static String signature(String secret, long t, String body) {
        return PartnerSignature.header(secret, t, body.getBytes(StandardCharsets.UTF_8));
    }
}
