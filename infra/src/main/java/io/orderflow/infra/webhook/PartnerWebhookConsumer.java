package io.orderflow.infra.webhook;

import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.util.Map;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Turns logged webhook deliveries into commands. A delivery is applied once: its id is recorded after
 * its command succeeded, and the commands themselves change nothing when repeated, so a crash between
 * the two is harmless.
 */
@Component
class PartnerWebhookConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PartnerWebhookConsumer.class);
    static final String GROUP = "orderflow-webhooks";

    private final ReactiveKafka kafka;
    private final Topics topics;
    private final PartnerWebhookTranslator translator;
    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Scheduler blocking = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(),
            "webhook-commands");
    private volatile Disposable consumer;

    PartnerWebhookConsumer(ReactiveKafka kafka, Topics topics, PartnerWebhookTranslator translator,
                           CommandGateway commands, JdbcTemplate jdbc) {
        this.kafka = kafka;
        this.topics = topics;
        this.translator = translator;
        this.commands = commands;
        this.jdbc = jdbc;
    }

    @Override
    public void start() {
        topics.ensureCreated();
        consumer = kafka.consume(Topics.SUPPLIER_WEBHOOKS, GROUP, this::handle);
    }

    private Mono<Void> handle(ConsumerRecord<String, byte[]> record) {
        return Mono.fromRunnable(() -> apply(record)).subscribeOn(blocking).then();
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        var supplierId = ReactiveKafka.header(record, Topics.SUPPLIER_HEADER);
        var deliveryId = ReactiveKafka.header(record, Topics.DELIVERY_HEADER);
        if (supplierId == null || deliveryId == null) {
            log.warn("skipping webhook record {}-{}@{} without supplier or delivery id", record.topic(),
                    record.partition(), record.offset());
            return;
        }
        if (alreadyApplied(supplierId, deliveryId)) {
            return;
        }
        var translation = translator.translate(supplierId, record.value(), record.timestamp());
        translation.command().ifPresent(command -> commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(Map.of(
                        "correlationId", correlationOf(record, deliveryId),
                        "actor", "supplier:" + supplierId,
                        "webhookDeliveryId", deliveryId))));
        translation.skipReason().ifPresent(reason ->
                log.info("webhook {} from {} not applied: {}", deliveryId, supplierId, reason));
        jdbc.update("INSERT INTO webhook_delivery (supplier_id, delivery_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                supplierId, deliveryId);
    }

    private boolean alreadyApplied(String supplierId, String deliveryId) {
        return !jdbc.queryForList("SELECT 1 FROM webhook_delivery WHERE supplier_id = ? AND delivery_id = ?",
                supplierId, deliveryId).isEmpty();
    }

    private static String correlationOf(ConsumerRecord<String, byte[]> record, String deliveryId) {
        var correlationId = ReactiveKafka.header(record, "correlationId");
        return correlationId == null || correlationId.isBlank() ? "webhook:" + deliveryId : correlationId;
    }

    @Override
    public void stop() {
        var current = consumer;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null && !consumer.isDisposed();
    }
}
