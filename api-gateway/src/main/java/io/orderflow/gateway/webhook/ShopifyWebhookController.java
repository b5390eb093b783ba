package io.orderflow.gateway.webhook;

import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.gateway.port.SupplierWebhookSecrets;
import io.orderflow.gateway.port.WebhookDeliveryLog;
import io.orderflow.gateway.port.WebhookDeliveryLog.WebhookDelivery;
import io.orderflow.gateway.web.CorrelationId;
import io.orderflow.gateway.web.Problems;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Shopify webhooks: {@code X-Shopify-Hmac-Sha256} is checked over the raw bytes with either of the
 * supplier's secrets before anything parses them; the delivery is keyed by {@code X-Shopify-Webhook-Id} (the
 * consumer deduplicates on it; {@code X-Shopify-Event-Id} travels along for correlation) and answered 200 only once
 * the delivery log holds it. Shopify expects an answer within 5 s and retries anything else.
 */
@RestController
class ShopifyWebhookController {

    static final Set<String> TOPICS = Set.of("orders/cancelled", "orders/updated", "fulfillments/create",
            "fulfillments/update", "fulfillment_events/create", "inventory_levels/update");
    private static final JsonMapper JSON = new JsonMapper();
    private static final int MAX_HEADER_LENGTH = 255;

    private final SupplierWebhookSecrets secrets;
    private final WebhookDeliveryLog deliveries;

    ShopifyWebhookController(SupplierWebhookSecrets secrets, WebhookDeliveryLog deliveries) {
        this.secrets = secrets;
        this.deliveries = deliveries;
    }

    @PostMapping("/webhooks/shopify/{supplierId}")
    Mono<ResponseEntity<Map<String, String>>> receive(@PathVariable("supplierId") String rawSupplierId,
                                                      ServerWebExchange exchange) {
        String supplierId = InputRules.supplierId(rawSupplierId);
        var request = exchange.getRequest();
        var headers = request.getHeaders();
        if (headers.getContentLength() > WebhookIngress.MAX_BODY_BYTES) {
            return Mono.error(WebhookIngress.tooLarge());
        }
        var hmac = ShopifyHmac.parse(headers.getFirst(ShopifyHmac.HEADER));
        if (!WebhookIngress.SUPPLIER_ID.matcher(supplierId).matches() || hmac.isEmpty()) {
            return Mono.error(unauthorized());
        }
        String correlationId = CorrelationId.of(exchange);
        return WebhookIngress.rawBody(request)
                .flatMap(body -> WebhookIngress.secretsOf(secrets, supplierId)
                        .flatMap(current -> hmac.get().matchesAny(current, body)
                                ? ShopifyHmac.Delivery.of(headers, body, TOPICS)
                                        .flatMap(delivery -> accept(supplierId, headers, delivery, correlationId))
                                : Mono.error(unauthorized())));
    }

    private Mono<ResponseEntity<Map<String, String>>> accept(String supplierId, HttpHeaders headers,
                                                             ShopifyHmac.Delivery delivery, String correlationId) {
        String topic = delivery.topic();
        String webhookId = delivery.webhookId();
        JsonNode payload = delivery.payload();
        var kept = new HashMap<String, String>();
        kept.put("topic", topic);
        kept.put("correlationId", correlationId);
        for (var name : new String[] {"X-Shopify-Event-Id", "X-Shopify-Shop-Domain", "X-Shopify-API-Version",
                "X-Shopify-Triggered-At"}) {
            var value = headers.getFirst(name);
            if (value != null && value.length() <= MAX_HEADER_LENGTH) {
                kept.put(name.toLowerCase(), value);
            }
        }
        return WebhookIngress.append(deliveries, new WebhookDelivery("shopify", supplierId, key(topic, payload, webhookId),
                webhookId, kept, JSON.writeValueAsBytes(ShopifyPersonalFields.withoutPersonalData(payload))));
    }

    /** The partition key: the shop's order, so that one order's deliveries stay in order; else the delivery. */
    private static String key(String topic, JsonNode payload, String webhookId) {
        JsonNode order = topic.startsWith("orders/") ? payload.get("id") : payload.get("order_id");
        if (topic.startsWith("inventory_levels/")) {
            order = payload.get("inventory_item_id");
        }
        return order != null && (order.isNumber() || order.isString()) && WebhookIngress.isId(order.asString())
                ? order.asString() : webhookId;
    }

    private static ErrorResponseException unauthorized() {
        return Problems.error(HttpStatus.UNAUTHORIZED, "The " + ShopifyHmac.HEADER + " signature is missing or does not match.");
    }
}
