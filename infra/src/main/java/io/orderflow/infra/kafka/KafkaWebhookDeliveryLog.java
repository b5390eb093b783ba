package io.orderflow.infra.kafka;

import io.orderflow.gateway.port.WebhookDeliveryLog;

import java.util.HashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Raw supplier webhook deliveries, appended to Kafka before the sender gets its 200. */
@Component
class KafkaWebhookDeliveryLog implements WebhookDeliveryLog {

    public static final String TOPIC = "orderflow.supplier-webhooks";

    private final ReactiveKafka kafka;
    private final MeterRegistry meters;

    KafkaWebhookDeliveryLog(ReactiveKafka kafka, ObjectProvider<MeterRegistry> meters) {
        this.kafka = kafka;
        this.meters = meters.getIfAvailable(SimpleMeterRegistry::new);
    }

    @Override
    public Mono<Void> append(WebhookDelivery delivery) {
        var headers = new HashMap<>(delivery.headers());
        headers.put(Topics.CONNECTOR_HEADER, delivery.connector());
        headers.put(Topics.SUPPLIER_HEADER, delivery.supplierId());
        headers.put(Topics.DELIVERY_HEADER, delivery.deliveryId());
        return kafka.send(TOPIC, delivery.supplierId() + "/" + delivery.key(), delivery.body(), headers)
                .doOnSuccess(sent -> Counter.builder("orderflow.webhooks.ingested")
                        .description("Supplier webhook deliveries accepted (signature checked, logged to Kafka)")
                        .tag("supplier", delivery.supplierId())
                        .tag("connector", delivery.connector())
                        .register(meters).increment());
    }
}
