package io.orderflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.gateway.GatewayTestSupport;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;

class ShopifyWebhookTest extends GatewayTestSupport {

    private static final String CURRENT = "shpss-current-secret";
    private static final String PREVIOUS = "shpss-previous-secret";
    private static final String FULFILLMENT = """
            {"id": 4711, "order_id": 1001, "status": "success", "tracking_number": "1Z999",
             "line_items": [{"id": 1, "sku": "S-1", "quantity": 2}]}""";

    @BeforeEach
    void shopWithTwoSecrets() {
        doReturn(Mono.just(List.of(CURRENT, PREVIOUS))).when(webhookSecrets).secretsOf("shop-1");
        doReturn(Mono.empty()).when(webhookSecrets).secretsOf("stranger");
        doReturn(Mono.empty()).when(deliveryLog).append(any());
    }

    @Test
    void aSignedDeliveryIsAppendedRawKeyedByTheShopOrder() {
        deliver("shop-1", "fulfillments/create", "wh-1", FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("accepted");

        var delivery = ArgumentCaptor.forClass(WebhookDelivery.class);
        verify(deliveryLog).append(delivery.capture());
        assertThat(delivery.getValue().connector()).isEqualTo("shopify");
        assertThat(delivery.getValue().supplierId()).isEqualTo("shop-1");
        assertThat(delivery.getValue().key()).isEqualTo("1001");
        assertThat(delivery.getValue().deliveryId()).isEqualTo("wh-1");
        assertThat(delivery.getValue().headers()).containsEntry("topic", "fulfillments/create")
                .containsEntry("x-shopify-event-id", "ev-1")
                .containsEntry("x-shopify-shop-domain", "shop-1.myshopify.com")
                .containsEntry("correlationId", "corr-shop");
        assertThat(new String(delivery.getValue().body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualToIgnoringWhitespace(FULFILLMENT);
    }

    @Test
    void theCustomerAndTheAddressesAreDroppedBeforeTheDeliveryIsLogged() {
        String withCustomer = """
                {"id":55,"order_id":1001,"status":"success","tracking_number":"TN-1","email":"ana@example.org",
                 "destination":{"first_name":"Ana","address1":"Hauptstraße 1","zip":"10115","city":"Berlin"},
                 "line_items":[{"sku":"MUG","quantity":1,"properties":[{"name":"gift","value":"yes"}]}],
                 "customer":{"id":7,"email":"ana@example.org","phone":"+49 30 1"}}""";
        deliver("shop-1", "fulfillments/create", "wh-pii", withCustomer, ShopifyHmac.sign(CURRENT, bytes(withCustomer)))
                .expectStatus().isOk();

        var delivery = ArgumentCaptor.forClass(WebhookDelivery.class);
        verify(deliveryLog).append(delivery.capture());
        String logged = new String(delivery.getValue().body(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(logged).doesNotContain("ana@example.org", "Hauptstraße", "10115", "+49 30 1", "\"Ana\"")
                .contains("\"tracking_number\":\"TN-1\"", "\"sku\":\"MUG\"", "\"name\":\"gift\"");
    }

    @Test
    void thePreviousSecretIsStillAccepted() {
        deliver("shop-1", "fulfillments/create", "wh-2", FULFILLMENT, ShopifyHmac.sign(PREVIOUS, bytes(FULFILLMENT)))
                .expectStatus().isOk();
    }

    @Test
    void badMissingOrGarbledSignaturesAre401AndNothingIsAppended() {
        for (String hmac : new String[] {ShopifyHmac.sign("guessed-secret", bytes(FULFILLMENT)), null, "", "%%%",
                "c2hvcnQ=", "A".repeat(500)}) {
            deliver("shop-1", "fulfillments/create", "wh-3", FULFILLMENT, hmac)
                    .expectStatus().isUnauthorized()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        String tampered = FULFILLMENT.replace("\"quantity\": 2", "\"quantity\": 20");
        deliver("shop-1", "fulfillments/create", "wh-3", tampered, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isUnauthorized();
        deliver("stranger", "fulfillments/create", "wh-3", FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isUnauthorized();
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void malformedBodiesUnknownTopicsAndMissingIdsAre400() {
        String broken = "{\"id\": ";
        deliver("shop-1", "fulfillments/create", "wh-4", broken, ShopifyHmac.sign(CURRENT, bytes(broken)))
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        deliver("shop-1", "orders/paid", "wh-4", FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isBadRequest();
        deliver("shop-1", null, "wh-4", FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isBadRequest();
        deliver("shop-1", "fulfillments/create", null, FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isBadRequest();
        deliver("shop-1", "fulfillments/create", "wh-4", "[1]", ShopifyHmac.sign(CURRENT, bytes("[1]")))
                .expectStatus().isBadRequest();
        verify(deliveryLog, never()).append(any());
    }

    @Test
    void aFailedAppendIs503SoShopifyRetries() {
        doReturn(Mono.error(new IllegalStateException("kafka down"))).when(deliveryLog).append(any());
        deliver("shop-1", "fulfillments/create", "wh-5", FULFILLMENT, ShopifyHmac.sign(CURRENT, bytes(FULFILLMENT)))
                .expectStatus().isEqualTo(503);
    }

    private WebTestClient.ResponseSpec deliver(String shop, String topic, String webhookId, String body, String hmac) {
        var request = web.post().uri("/webhooks/shopify/{supplierId}", shop)
                .header("X-Correlation-Id", "corr-shop")
                .header("X-Shopify-Shop-Domain", shop + ".myshopify.com")
                .header("X-Shopify-Event-Id", "ev-1")
                .contentType(MediaType.APPLICATION_JSON);
        if (topic != null) {
            request = request.header("X-Shopify-Topic", topic);
        }
        if (webhookId != null) {
            request = request.header("X-Shopify-Webhook-Id", webhookId);
        }
        if (hmac != null) {
            request = request.header(ShopifyHmac.HEADER, hmac);
        }
        return request.bodyValue(bytes(body)).exchange();
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }
}
