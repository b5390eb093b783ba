package io.orderflow.infra.events;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.infra.failure.Failures;
import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.observation.Observation;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class OrderEventPublisherTest {

    private final ReactiveKafka kafka = mock(ReactiveKafka.class);
    private final List<List<String>> sent = new ArrayList<>();
    private final OrderEventPublisher publisher = new OrderEventPublisher(kafka, mock(Topics.class));

    OrderEventPublisherTest() {
        when(kafka.prepare(anyString(), anyString(), any(), any())).thenAnswer(call -> new ReactiveKafka.Outgoing(
                new ProducerRecord<>(call.getArgument(0), call.<String>getArgument(1), call.<byte[]>getArgument(2)),
                Observation.NOOP));
    }

    @Test
    void sendsABatchsEventsTogetherInTheirOrderWhenTheBatchCommits() {
        answer(Mono.empty());
        var events = List.of(accepted("o-1"), accepted("o-2"), accepted("o-1"));
        var unitOfWork = DefaultUnitOfWork.startAndGet(events.getFirst());
        events.forEach(event -> publisher.on(event.getPayload(), event));

        assertThat(sent).isEmpty();
        unitOfWork.commit();

        assertThat(sent).containsExactly(List.of("o-1", "o-2", "o-1"));
    }

    @Test
    void failsTheBatchAsTransientWhenKafkaDoesNotAnswer() {
        answer(Mono.error(new org.apache.kafka.common.errors.TimeoutException("no broker")));
        var event = accepted("o-1");
        var unitOfWork = DefaultUnitOfWork.startAndGet(event);
        publisher.on(event.getPayload(), event);

        // the token is not stored: the batch is handled again once Kafka answers, never parked
        assertThatThrownBy(unitOfWork::commit).isInstanceOf(Failures.TransientFailure.class);
        assertThat(sent).hasSize(1);
    }

    @Test
    void sendsAtOnceOutsideABatch() {
        answer(Mono.empty());
        var event = accepted("o-3");
        publisher.on(event.getPayload(), event);

        assertThat(sent).containsExactly(List.of("o-3"));
    }

    private void answer(Mono<Void> outcome) {
        when(kafka.sendAll(any())).thenAnswer(call -> {
            List<ReactiveKafka.Outgoing> records = call.getArgument(0);
            sent.add(records.stream().map(r -> r.record().key()).toList());
            return outcome;
        });
    }

    private static EventMessage<?> accepted(String order) {
        return GenericEventMessage.asEventMessage(new SupplierOrderAcceptedEvent(new OrderId(order),
                new RetailerId("r"), new AllocationId(order + "-1"), new SupplierId("s"),
                Instant.parse("2026-12-07T00:00:00Z"))).andMetaData(Map.of("correlationId", "c-" + order));
    }
}
