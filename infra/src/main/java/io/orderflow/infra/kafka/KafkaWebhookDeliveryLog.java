package io.orderflow.infra.kafka;

import io.orderflow.gateway.port.WebhookDeliveryLog;

import java.util.HashMap;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Raw supplier webhook deliveries, appended to Kafka before the sender gets its 200. */
@Component
class KafkaWebhookDeliveryLog implements WebhookDeliveryLog {

    public static final String TOPIC = "orderflow.supplier-webhooks";

    private final ReactiveKafka kafka;

    KafkaWebhookDeliveryLog(ReactiveKafka kafka) {
        this.kafka = kafka;
    }

    @Override
    public Mono<Void> append(WebhookDelivery delivery) {
        var headers = new HashMap<>(delivery.headers());
        headers.put(Topics.CONNECTOR_HEADER, delivery.connector());
        headers.put(Topics.SUPPLIER_HEADER, delivery.supplierId());
        headers.put(Topics.DELIVERY_HEADER, delivery.deliveryId());
        return kafka.send(TOPIC, delivery.supplierId() + "/" + delivery.key(), delivery.body(), headers);
    }
}
