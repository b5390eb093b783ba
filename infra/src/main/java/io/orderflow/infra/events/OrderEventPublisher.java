package io.orderflow.infra.events;

import io.orderflow.infra.failure.Failures;
import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the order lifecycle to {@value Topics#ORDER_EVENTS} as CloudEvents 1.0 in binary mode: the attributes
 * in {@code ce_} headers, the payload as the record value, keyed by order id so that an order's events stay in
 * order. A tracking processor of its own: its token moves on only once Kafka acknowledged (acks=all, idempotent
 * producer), so a crash republishes rather than loses; consumers deduplicate on ce_id, the event's own id. A batch of
 * events is sent as one stream and waited for once, when the batch commits.
 */
@Component
@ProcessingGroup(OrderEventPublisher.GROUP)
class OrderEventPublisher {

    static final String GROUP = "integration-events";
    static final String SOURCE = "/orderflow/orders";
    static final String BILLING_SOURCE = "/orderflow/billing";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BATCH = OrderEventPublisher.class.getName() + ".batch";

    private final ReactiveKafka kafka;
    private final Topics topics;

    OrderEventPublisher(ReactiveKafka kafka, Topics topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        var outgoing = OrderIntegrationEvents.of(payload);
        if (outgoing.isEmpty()) {
            return;
        }
        var event = outgoing.get();
        var data = JSON.writeValueAsBytes(event.data());
        try {
            topics.ensureCreated();
        } catch (RuntimeException unreachable) {
            throw new Failures.TransientFailure("publishing event " + message.getIdentifier() + " failed", unreachable);
        }
        var record = kafka.prepare(Topics.ORDER_EVENTS, event.orderId(), data, headers(message.getIdentifier(), event,
                message.getTimestamp(), (String) message.getMetaData().get("correlationId")));
        if (CurrentUnitOfWork.isStarted()) {
            batch(CurrentUnitOfWork.get().root()).add(record);
        } else {
            publish(List.of(record));
        }
    }

    /**
     * The records of this batch of events, sent together and waited for once, just before the batch commits and its
     * token moves on: an unanswered batch fails and is handled again, so nothing is lost, and nothing is waited for
     * one record at a time.
     */
    private List<ReactiveKafka.Outgoing> batch(UnitOfWork<?> unitOfWork) {
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            var records = new ArrayList<ReactiveKafka.Outgoing>();
            unitOfWork.onPrepareCommit(u -> publish(records));
            return records;
        });
    }

    private void publish(List<ReactiveKafka.Outgoing> records) {
        try {
            kafka.sendAll(records).block(SEND_TIMEOUT);
        } catch (RuntimeException unreachable) {
            // the broker's trouble, not the events': retried until published, never parked
            throw new Failures.TransientFailure("publishing " + records.size() + " events failed", unreachable);
        }
    }

    /** The binary-mode headers of the Kafka protocol binding; extension names are lower-case letters and digits. */
    static Map<String, String> headers(String id, OrderIntegrationEvents.Outgoing event, Instant time,
                                       String correlationId) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", event.type().startsWith(OrderIntegrationEvents.BILLING_PREFIX) ? BILLING_SOURCE : SOURCE);
        headers.put("ce_type", event.type());
        headers.put("ce_subject", event.orderId());
        headers.put("ce_time", time.toString());
        headers.put("content-type", "application/json");
        headers.put("ce_retailerid", event.retailerId());
        if (correlationId != null && !correlationId.isBlank()) {
            headers.put("ce_correlationid", correlationId);
        }
        return headers;
    }

    @Configuration(proxyBeanMethods = false)
    static class ErrorHandling {

        /** Kafka unreachable: the event is retried until it is published, never logged and skipped. */
        @Bean
        ConfigurerModule integrationEventsErrorHandling() {
            return configurer -> configurer.eventProcessing()
                    .registerListenerInvocationErrorHandler(GROUP, c -> PropagatingErrorHandler.instance());
        }
    }
}
