package io.orderflow.infra.deadletter;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.gateway.port.DeadLetters;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues Axon keeps per processing group (JDBC, table deadletterentry), sequenced per order: an
 * event that fails parks its order's sequence, and only that order waits. A retry hands the sequence back to the
 * processor's own handlers through its SequencedDeadLetterProcessor. The fulfillment saga's letters are in the same
 * table under its processing group, kept and retried by {@link SagaDeadLetters}.
 */
@Component
class AxonDeadLetters implements DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(AxonDeadLetters.class);

    private final EventProcessingConfiguration processing;
    private final SagaDeadLetters saga;

    AxonDeadLetters(EventProcessingConfiguration processing, SagaDeadLetters saga) {
        this.processing = processing;
        this.saga = saga;
    }

    @Override
    public List<String> processingGroups() {
        return processing.eventProcessors().keySet().stream()
                .filter(group -> group.equals(SagaDeadLetters.GROUP) || processing.deadLetterQueue(group).isPresent())
                .sorted().toList();
    }

    @Override
    public List<Sequence> sequences(String retailerId) {
        var sequences = new ArrayList<Sequence>();
        for (String group : processingGroups()) {
            var queue = queue(group);
            for (var sequence : queue.deadLetters()) {
                var letters = new ArrayList<DeadLetter<? extends EventMessage<?>>>();
                sequence.forEach(letters::add);
                if (!letters.isEmpty() && belongsTo(letters.getFirst(), retailerId)) {
                    sequences.add(new Sequence(group, sequenceId(letters.getFirst()), letters.size(),
                            letter(letters.getFirst())));
                }
            }
        }
        return sequences;
    }

    @Override
    public Optional<List<Letter>> sequence(String retailerId, String processingGroup, String sequenceId) {
        var letters = letters(retailerId, processingGroup, sequenceId);
        return letters.isEmpty() ? Optional.empty() : Optional.of(letters.stream().map(AxonDeadLetters::letter).toList());
    }

    @Override
    public Optional<Boolean> retry(String retailerId, String processingGroup, String sequenceId) {
        if (letters(retailerId, processingGroup, sequenceId).isEmpty()) {
            return Optional.empty();
        }
        boolean processed = processingGroup.equals(SagaDeadLetters.GROUP) ? saga.retry(sequenceId)
                : processing.sequencedDeadLetterProcessor(processingGroup).orElseThrow()
                        .process(letter -> sequenceId.equals(sequenceId(letter)));
        log.info("retried dead letters of {} in {}: {}", sequenceId, processingGroup,
                processed ? "processed" : "still failing");
        return Optional.of(processed && !queue(processingGroup).contains(sequenceId));
    }

    private List<DeadLetter<? extends EventMessage<?>>> letters(String retailerId, String group, String sequenceId) {
        if (!processingGroups().contains(group)) {
            return List.of();
        }
        var letters = new ArrayList<DeadLetter<? extends EventMessage<?>>>();
        queue(group).deadLetterSequence(sequenceId).forEach(letters::add);
        if (letters.isEmpty() || !belongsTo(letters.getFirst(), retailerId)) {
            return List.of();
        }
        return letters;
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return group.equals(SagaDeadLetters.GROUP) ? saga.queue() : processing.deadLetterQueue(group).orElseThrow();
    }

    /** Processors are sequenced per aggregate: an order's events share its id. */
    private static String sequenceId(DeadLetter<? extends EventMessage<?>> letter) {
        return SagaDeadLetters.sequenceId(letter.message());
    }

    /** Every order event names its retailer; a letter that names none is shown to nobody. */
    private static boolean belongsTo(DeadLetter<? extends EventMessage<?>> letter, String retailerId) {
        try {
            Object payload = letter.message().getPayload();
            Object retailer = payload.getClass().getMethod("retailerId").invoke(payload);
            return retailer instanceof RetailerId id && Objects.equals(id.value(), retailerId);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return false;
        }
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        var message = letter.message();
        var domain = message instanceof DomainEventMessage<?> d ? d : null;
        return new Letter(message.getIdentifier(), message.getPayloadType().getName(),
                domain == null ? null : domain.getAggregateIdentifier(),
                domain == null ? null : domain.getSequenceNumber(),
                letter.cause().map(c -> c.type()).orElse(null), letter.cause().map(c -> c.message()).orElse(null),
                letter.enqueuedAt(), letter.lastTouched());
    }
}
