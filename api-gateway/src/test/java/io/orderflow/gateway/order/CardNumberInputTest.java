package io.orderflow.gateway.order;

import static io.orderflow.gateway.GatewayTestApplication.READER_A;
import static io.orderflow.gateway.GatewayTestApplication.WRITER_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.GatewayTestSupport;

import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Payment references (issue 13, item 6): an order carries the payment provider's reference, never card data. What
 * looks like a card number is refused with a 400 that names the field and never quotes the value, wherever it is.
 */
class CardNumberInputTest extends GatewayTestSupport {

    private static final String CARD = "4111 1111 1111 1111";
    private static final String ORDER_ID = OrderId.of(new RetailerId("retailer-a"), "ext-pay").value();

    @Test
    void aPaymentReferenceIsPassedOnWithTheOrder() {
        doReturn(CompletableFuture.completedFuture(ORDER_ID)).when(commands).send(any());

        place("pay-1", withPaymentReference("\"pi_3MtwBwLkdIwHu7ix28a3tqPa\"")).expectStatus().isCreated();

        var captor = ArgumentCaptor.forClass(Object.class);
        verify(commands).send(captor.capture());
        var command = (PlaceOrderCommand) ((CommandMessage<?>) captor.getValue()).getPayload();
        assertThat(command.paymentReference()).isEqualTo("pi_3MtwBwLkdIwHu7ix28a3tqPa");
    }

    @Test
    void aPaymentReferenceIsOneTokenOfVisibleCharacters() {
        place("pay-2", withPaymentReference("\"pi 3Mtw\"")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("paymentReference");
        place("pay-3", withPaymentReference("\"" + "x".repeat(201) + "\"")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("paymentReference");
        verify(commands, never()).send(any());
    }

    @Test
    void aCardNumberAsPaymentReferenceIs400WithoutTheNumber() {
        refused(place("pay-4", withPaymentReference("\"4242424242424242\"")), "paymentReference", "4242424242424242");
        verify(commands, never()).send(any());
    }

    @Test
    void aCardNumberInAnyStringFieldOfAnyBodyIs400WithoutTheNumber() {
        refused(place("pay-5", OrderBodies.valid("ext-pay").replace("Ada Lovelace\", \"email\"",
                CARD + "\", \"email\"")), "customer.name", CARD);
        refused(place("pay-6", OrderBodies.valid("ext-pay").replace("12 St James's Square",
                "card 5555-5555-5555-4444 please")), "shipTo.line1", "5555");
        refused(place("pay-7", OrderBodies.valid("ext-pay").replace("SKU-RED-M", "378282246310005")),
                "lines[0].sku", "378282246310005");
        refused(web.post().uri("/api/v1/orders/{id}/cancellation", "order-1").header("X-Api-Key", WRITER_A)
                        .header("Idempotency-Key", "pay-8").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"reason\":\"refund to\\n" + CARD + "\"}").exchange(),
                "reason", "4111");
        verify(commands, never()).send(any());
        assertThat(idempotencyStore.holds("retailer-a", "pay-5")).isFalse();
    }

    @Test
    void aCardNumberInAPathQueryOrIdempotencyKeyIs400WithoutTheNumber() {
        refused(web.get().uri("/api/v1/inventory?sku={sku}", CARD).header("X-Api-Key", READER_A).exchange(),
                "sku", "4111");
        refused(web.get().uri("/api/v1/orders/{id}", "4111111111111111").header("X-Api-Key", READER_A).exchange(),
                "path", "4111");
        refused(place("4111-1111-1111-1111", OrderBodies.valid("ext-pay")), "Idempotency-Key", "4111");
        verify(queries, never()).query(any(), any(ResponseType.class));
        verify(commands, never()).send(any());
    }

    @Test
    void aCardNumberAsCorrelationIdIsReplacedNotEchoed() {
        web.get().uri("/api/v1/inventory?sku={sku}", CARD).header("X-Api-Key", READER_A)
                .header("X-Correlation-Id", "4111111111111111").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().value("X-Correlation-Id", id -> assertThat(id).isNotEqualTo("4111111111111111"));
    }

    private static void refused(WebTestClient.ResponseSpec response, String field, String number) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("\"field\":\"" + field + "\"")
                        .contains("card number")
                        .doesNotContain(number));
    }

    private static String withPaymentReference(String json) {
        String body = OrderBodies.valid("ext-pay");
        return body.substring(0, body.lastIndexOf('}')) + ", \"paymentReference\": " + json + "}";
    }

    private WebTestClient.ResponseSpec place(String key, String body) {
        return web.post().uri("/api/v1/orders").header("X-Api-Key", WRITER_A).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }
}
