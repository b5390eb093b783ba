package io.orderflow.infra.kafka;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The topics orderflow owns, created at start-up when missing (a real cluster may forbid auto-creation). */
@Component
public class Topics {

    public static final String SUPPLIER_WEBHOOKS = KafkaWebhookDeliveryLog.TOPIC;
    /** The order lifecycle as CloudEvents, for downstream consumers. */
    public static final String ORDER_EVENTS = "orderflow.order-events";
    /** Each retailer SKU's available-to-promise over its eligible suppliers, keyed by SKU, on every change. */
    public static final String AVAILABILITY = "orderflow.availability";
    public static final String CONNECTOR_HEADER = "orderflow-connector";
    public static final String SUPPLIER_HEADER = "orderflow-supplier-id";
    public static final String DELIVERY_HEADER = "orderflow-delivery-id";

    private final ReactiveKafka kafka;
    private final int partitions;
    private boolean created;

    Topics(ReactiveKafka kafka, @Value("${orderflow.kafka.partitions:8}") int partitions) {
        this.kafka = kafka;
        this.partitions = partitions;
    }

    /** Blocking; called once at start-up by the consumers, before they subscribe. */
    public synchronized void ensureCreated() {
        if (!created) {
            kafka.ensureTopics(List.of(SUPPLIER_WEBHOOKS, ORDER_EVENTS, AVAILABILITY), partitions);
            created = true;
        }
    }
}
