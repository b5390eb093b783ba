package io.orderflow.gateway.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: Kafka records a consumer could not apply after a bounded number of attempts (implemented in infra). Each
 * was copied to its topic's dead-letter topic ({@code <topic>.dlt}) and its partition moved on. Only the caller's
 * retailer's records are shown or retried. Calls block (JDBC, and the consumer's own handling on a retry).
 */
public interface ParkedRecords {

    /** The retailer's parked records, oldest first. */
    List<Parked> records(String retailerId);

    Optional<Parked> record(String retailerId, String id);

    /**
     * Applies the record again, with the consumer that parked it. Answers whether it was applied (and is gone);
     * empty when there is no such record for the retailer.
     */
    Optional<Boolean> retry(String retailerId, String id);

    record Parked(String id, String consumerGroup, String topic, int partition, long offset, String key,
                  String causeType, String causeMessage, int attempts, Instant parkedAt) {
    }
}
