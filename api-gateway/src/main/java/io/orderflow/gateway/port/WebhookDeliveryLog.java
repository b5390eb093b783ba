package io.orderflow.gateway.port;

import java.util.Map;

import reactor.core.publisher.Mono;

/**
 * Port: the durable log of raw webhook deliveries (Kafka in infra). Completes only once the log
 * acknowledged the delivery (acks=all); fails otherwise, and the sender is told to retry.
 */
public interface WebhookDeliveryLog {

    Mono<Void> append(WebhookDelivery delivery);

    /**
     * @param connector   "partner" or "shopify"
     * @param key         partition key: the supplier's order id when known, else the delivery id
     * @param deliveryId  the sender's delivery id (partner eventId, Shopify X-Shopify-Webhook-Id)
     * @param headers     the headers worth keeping (topic, correlation id, ...), never the signature secret
     * @param body        the raw body bytes exactly as received
     */
    record WebhookDelivery(String connector, String supplierId, String key, String deliveryId,
                           Map<String, String> headers, byte[] body) {
    }
}
