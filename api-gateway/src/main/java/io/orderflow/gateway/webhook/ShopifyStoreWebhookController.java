package io.orderflow.gateway.webhook;

import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.supplier.CatalogSkus;
import io.orderflow.coreapi.supplier.FindCatalogSkusQuery;
import io.orderflow.gateway.order.CommandFailures;
import io.orderflow.gateway.order.OrderPlacement;
import io.orderflow.gateway.port.RetailerStores;
import io.orderflow.gateway.web.AxonCalls;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The retailer's own Shopify store: {@code orders/create} becomes a placed order and {@code orders/cancelled} a
 * storefront cancellation. {@code X-Shopify-Hmac-Sha256} is checked over the raw bytes, in constant time, against
 * either of the store's webhook secrets before anything parses them, as for supplier webhooks. Unlike those, a store
 * order carries the customer, so it does not wait in Kafka in clear text: the order is placed (the customer's data
 * sealed first) before the store is answered 200, well within Shopify's five seconds; anything else is a 503 and
 * Shopify sends it again. The shop's order id makes the order id, so a repeated or duplicated delivery, at once or
 * days later, is the same order.
 */
@RestController
class ShopifyStoreWebhookController {

    static final Set<String> TOPICS = Set.of("orders/create", "orders/cancelled");
    private static final Logger log = LoggerFactory.getLogger(ShopifyStoreWebhookController.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(4);

    private final RetailerStores stores;
    private final OrderPlacement placement;
    private final AxonCalls axon;
    private final Clock clock;

    ShopifyStoreWebhookController(RetailerStores stores, OrderPlacement placement, AxonCalls axon, Clock clock) {
        this.stores = stores;
        this.placement = placement;
        this.axon = axon;
        this.clock = clock;
    }

    @PostMapping("/webhooks/shopify-store/{retailerId}")
    Mono<ResponseEntity<Map<String, String>>> receive(@PathVariable("retailerId") String rawRetailerId,
                                                      ServerWebExchange exchange) {
        var request = exchange.getRequest();
        var headers = request.getHeaders();
        if (headers.getContentLength() > WebhookIngress.MAX_BODY_BYTES) {
            return Mono.error(WebhookIngress.tooLarge());
        }
        var hmac = ShopifyHmac.parse(headers.getFirst(ShopifyHmac.HEADER));
        if (!RetailerId.isWellFormed(rawRetailerId) || hmac.isEmpty()) {
            return Mono.error(unauthorized());
        }
        var retailer = new RetailerId(rawRetailerId);
        String correlationId = CorrelationId.of(exchange);
        return WebhookIngress.rawBody(request)
                .flatMap(body -> WebhookIngress.secretsOf(stores.webhookSecretsOf(retailer), "retailer " + retailer
                                + "'s store")
                        .flatMap(secrets -> hmac.get().matchesAny(secrets, body)
                                ? ShopifyHmac.Delivery.of(headers, body, TOPICS)
                                        .flatMap(delivery -> accept(retailer, delivery, correlationId))
                                : Mono.error(unauthorized())));
    }

    private Mono<ResponseEntity<Map<String, String>>> accept(RetailerId retailer, ShopifyHmac.Delivery delivery,
                                                             String correlationId) {
        String topic = delivery.topic();
        JsonNode payload = delivery.payload();
        try {
            return topic.equals("orders/create") ? place(retailer, ShopifyStoreOrder.of(payload), correlationId)
                    : cancel(retailer, payload, correlationId);
        } catch (ShopifyStoreOrder.Invalid invalid) {
            return Mono.error(Problems.error(HttpStatus.BAD_REQUEST, "The store's order cannot be taken.",
                    Map.of("errors", List.of(Map.of("field", invalid.field, "message", invalid.getMessage())))));
        }
    }

    private Mono<ResponseEntity<Map<String, String>>> place(RetailerId retailer, ShopifyStoreOrder order,
                                                            String correlationId) {
        var orderId = OrderId.of(retailer, order.externalOrderId());
        var placedAt = clock.instant();
        return axon.query(new FindCatalogSkusQuery(retailer, order.skus()), ResponseTypes.instanceOf(CatalogSkus.class))
                .timeout(STEP_TIMEOUT)
                .map(known -> (Set<String>) new HashSet<>(known.skus()))
                .flatMap(known -> stores.linkOrder(retailer, order.shopOrderId(), orderId).timeout(STEP_TIMEOUT)
                        .then(placement.placeSealed(orderId, retailer, order.personalData(),
                                sealed -> order.toCommand(orderId, retailer, placedAt, sealed, known),
                                Map.of("correlationId", correlationId, "actor", "shopify-store:" + retailer))))
                .map(placedNow -> {
                    if (placedNow) {
                        log.info("Order {} placed from shop order {} of retailer {}'s store", orderId,
                                order.shopOrderId(), retailer);
                    }
                    return answer(placedNow ? "placed" : "duplicate", orderId);
                })
                .onErrorMap(failure -> failed(failure, "Placing shop order " + order.shopOrderId(), retailer));
    }

    private Mono<ResponseEntity<Map<String, String>>> cancel(RetailerId retailer, JsonNode payload,
                                                             String correlationId) {
        var orderId = OrderId.of(retailer, ShopifyStoreOrder.externalOrderId(ShopifyStoreOrder.shopOrderId(payload)));
        String why = ShopifyStoreOrder.text(payload, "cancel_reason");
        var command = new CancelOrderCommand(orderId, retailer, List.of(),
                "cancelled in the Shopify store" + (why == null ? "" : ": " + clip(why)), clock.instant());
        return axon.send(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of("correlationId", correlationId, "actor", "shopify-store:" + retailer)))
                .timeout(STEP_TIMEOUT)
                .then(Mono.fromSupplier(() -> answer("cancellation-requested", orderId)))
                .onErrorResume(failure -> {
                    // nothing Shopify sends again could change these: an order we never took, or lines already shipped
                    if (CommandFailures.isUnknownAggregate(failure)) {
                        return Mono.just(answer("unknown-order", orderId));
                    }
                    if (CommandFailures.ruleViolation(failure) != null) {
                        log.info("Store cancellation of order {} refused: {}", orderId,
                                CommandFailures.ruleViolation(failure).getMessage());
                        return Mono.just(answer("refused", orderId));
                    }
                    return Mono.error(failed(failure, "Cancelling order " + orderId, retailer));
                });
    }

    private static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100);
    }

    private static ResponseEntity<Map<String, String>> answer(String status, OrderId orderId) {
        var body = new LinkedHashMap<String, String>();
        body.put("status", status);
        body.put("orderId", orderId.value());
        return ResponseEntity.ok(body);
    }

    private static Throwable failed(Throwable failure, String what, RetailerId retailer) {
        if (failure instanceof ErrorResponseException) {
            return failure;
        }
        var violation = CommandFailures.ruleViolation(failure);
        if (violation != null) {
            return Problems.error(HttpStatus.UNPROCESSABLE_ENTITY, "The store's order breaks a rule: "
                    + clip(String.valueOf(violation.getMessage())));
        }
        log.warn("{} for retailer {} failed; the store will send it again: {}", what, retailer, failure.toString());
        return WebhookIngress.unavailable();
    }

    private static ErrorResponseException unauthorized() {
        return Problems.error(HttpStatus.UNAUTHORIZED, "The " + ShopifyHmac.HEADER
                + " signature is missing or does not match the store's webhook secrets.");
    }
}
