package io.orderflow.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the event processors' dead-letter queues (implemented in infra on Axon's sequenced dead-letter queues).
 * A sequence is one order's parked events, oldest first; nothing behind a parked event of an order is processed
 * before it. Only the caller's retailer's letters are shown or retried. Calls block (JDBC).
 */
public interface DeadLetters {

    /** The processing groups that park failed events. */
    List<String> processingGroups();

    /** Every parked sequence of the retailer, per processing group, with its first (blocking) letter. */
    List<Sequence> sequences(String retailerId);

    /** The letters of one sequence, oldest first; empty when there is no such sequence for the retailer. */
    Optional<List<Letter>> sequence(String retailerId, String processingGroup, String sequenceId);

    /**
     * Processes the sequence again from its first letter. Answers whether every letter was processed (the sequence
     * is gone); empty when there is no such sequence for the retailer.
     */
    Optional<Boolean> retry(String retailerId, String processingGroup, String sequenceId);

    record Sequence(String processingGroup, String sequenceId, long size, Letter first) {
    }

    record Letter(String messageId, String payloadType, String aggregateId, Long aggregateSequence,
                  String causeType, String causeMessage, Instant enqueuedAt, Instant lastTouched) {
    }
}
