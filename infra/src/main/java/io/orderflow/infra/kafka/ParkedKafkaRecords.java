package io.orderflow.infra.kafka;

import io.orderflow.gateway.port.ParkedRecords;
import io.orderflow.infra.failure.Failures;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a Kafka consumer parks a record it could not apply: the record goes to {@code <topic>.dlt} (same key and
 * value, its headers plus the failure's) and into the table the admin API reads. A retry hands the stored record
 * back to the consumer that parked it, in this process, so that no other consumer group of the topic sees it twice.
 */
@Component
public class ParkedKafkaRecords implements ParkedRecords {

    public static final String DLT_SUFFIX = ".dlt";
    public static final String CAUSE_TYPE = "orderflow-dlt-exception";
    public static final String CAUSE_MESSAGE = "orderflow-dlt-exception-message";
    public static final String ORIGINAL_TOPIC = "orderflow-dlt-original-topic";
    public static final String ORIGINAL_PARTITION = "orderflow-dlt-original-partition";
    public static final String ORIGINAL_OFFSET = "orderflow-dlt-original-offset";
    public static final String CONSUMER_GROUP = "orderflow-dlt-consumer-group";
    public static final String ATTEMPTS = "orderflow-dlt-attempts";
    private static final Logger log = LoggerFactory.getLogger(ParkedKafkaRecords.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(15);

    private final ReactiveKafka kafka;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ObjectProvider<BlockingRecordConsumer> consumers;

    ParkedKafkaRecords(ReactiveKafka kafka, JdbcTemplate jdbc, Clock clock,
                       ObjectProvider<BlockingRecordConsumer> consumers) {
        this.kafka = kafka;
        this.jdbc = jdbc;
        this.clock = clock;
        this.consumers = consumers;
    }

    public static String deadLetterTopic(String topic) {
        return topic + DLT_SUFFIX;
    }

    /**
     * Blocking. Copies the record to its dead-letter topic and records it for the admin API; throws (and the
     * caller retries) when either cannot be done, so a record is never acknowledged before it was parked.
     */
    void park(String group, ConsumerRecord<String, byte[]> record, Throwable failure, int attempts, String retailerId) {
        String causeType = failure.getClass().getName();
        String causeMessage = Failures.describe(failure);
        var headers = new ArrayList<Header>();
        record.headers().forEach(headers::add);
        headers.add(header(ORIGINAL_TOPIC, record.topic()));
        headers.add(header(ORIGINAL_PARTITION, Integer.toString(record.partition())));
        headers.add(header(ORIGINAL_OFFSET, Long.toString(record.offset())));
        headers.add(header(CONSUMER_GROUP, group));
        headers.add(header(ATTEMPTS, Integer.toString(attempts)));
        headers.add(header(CAUSE_TYPE, causeType));
        headers.add(header(CAUSE_MESSAGE, causeMessage));
        kafka.send(deadLetterTopic(record.topic()), record.key(), record.value(), headers).block(SEND_TIMEOUT);
        jdbc.update("""
                        INSERT INTO kafka_dead_letter (id, consumer_group, topic, partition_no, record_offset, record_ts,
                            record_key, record_value, headers, retailer_id, cause_type, cause_message, attempts, parked_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (consumer_group, topic, partition_no, record_offset) DO UPDATE
                        SET cause_type = EXCLUDED.cause_type, cause_message = EXCLUDED.cause_message,
                            attempts = EXCLUDED.attempts""",
                UUID.randomUUID().toString(), group, record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
                record.value(), headersToBytes(record), retailerId, causeType, causeMessage, attempts,
                Timestamp.from(clock.instant()));
        log.warn("parked record {}-{}@{} of consumer {} after {} attempt(s) in {}: {}", record.topic(),
                record.partition(), record.offset(), group, attempts, deadLetterTopic(record.topic()), causeMessage);
    }

    @Override
    public List<Parked> records(String retailerId) {
        return jdbc.query(SELECT + " WHERE retailer_id = ? ORDER BY parked_at, id", PARKED, retailerId);
    }

    @Override
    public Optional<Parked> record(String retailerId, String id) {
        return jdbc.query(SELECT + " WHERE retailer_id = ? AND id = ?", PARKED, retailerId, id).stream().findFirst();
    }

    @Override
    public Optional<Boolean> retry(String retailerId, String id) {
        var stored = jdbc.query("""
                        SELECT consumer_group, topic, partition_no, record_offset, record_ts, record_key, record_value,
                               headers
                        FROM kafka_dead_letter WHERE retailer_id = ? AND id = ?""",
                (rs, i) -> new Stored(rs.getString(1), new ConsumerRecord<>(rs.getString(2), rs.getInt(3),
                        rs.getLong(4), rs.getLong(5), TimestampType.CREATE_TIME, ConsumerRecord.NULL_SIZE,
                        ConsumerRecord.NULL_SIZE,
                        rs.getBytes(6) == null ? null : new String(rs.getBytes(6), StandardCharsets.UTF_8),
                        rs.getBytes(7), headersFromBytes(rs.getBytes(8)), Optional.empty())),
                retailerId, id).stream().findFirst();
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        var consumer = consumers.orderedStream().filter(c -> c.group().equals(stored.get().group())).findFirst();
        if (consumer.isEmpty()) {
            return Optional.of(false);
        }
        try {
            consumer.get().apply(stored.get().record());
        } catch (RuntimeException stillFailing) {
            if (Failures.isTransient(stillFailing)) {
                throw stillFailing;
            }
            jdbc.update("UPDATE kafka_dead_letter SET cause_type = ?, cause_message = ?, attempts = attempts + 1 "
                    + "WHERE id = ?", stillFailing.getClass().getName(), Failures.describe(stillFailing), id);
            log.info("retried parked record {} of consumer {}: still failing", id, stored.get().group());
            return Optional.of(false);
        }
        jdbc.update("DELETE FROM kafka_dead_letter WHERE id = ?", id);
        log.info("retried parked record {} of consumer {}: applied", id, stored.get().group());
        return Optional.of(true);
    }

    private record Stored(String group, ConsumerRecord<String, byte[]> record) {
    }

    private static final String SELECT = """
            SELECT id, consumer_group, topic, partition_no, record_offset, record_key, cause_type, cause_message,
                   attempts, parked_at
            FROM kafka_dead_letter""";

    private static final RowMapper<Parked> PARKED = (rs, i) -> new Parked(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getInt(4), rs.getLong(5), printable(rs.getBytes(6)), rs.getString(7), rs.getString(8),
            rs.getInt(9), rs.getTimestamp(10).toInstant());

    /** A key as text for people: control characters (a NUL, say) shown as '?'. */
    private static String printable(byte[] key) {
        if (key == null) {
            return null;
        }
        var text = new StringBuilder();
        new String(key, StandardCharsets.UTF_8).codePoints()
                .forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return text.toString();
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] headersToBytes(ConsumerRecord<?, ?> record) {
        var list = new ArrayList<List<String>>();
        var encoder = Base64.getEncoder();
        record.headers().forEach(h -> list.add(List.of(h.key(), h.value() == null ? "" : encoder.encodeToString(h.value()))));
        return JSON.writeValueAsBytes(list);
    }

    private static RecordHeaders headersFromBytes(byte[] bytes) {
        var headers = new RecordHeaders();
        var decoder = Base64.getDecoder();
        for (var pair : JSON.readTree(bytes)) {
            headers.add(pair.get(0).asString(), decoder.decode(pair.get(1).asString()));
        }
        return headers;
    }
}
