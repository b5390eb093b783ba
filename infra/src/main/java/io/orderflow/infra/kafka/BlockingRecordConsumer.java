package io.orderflow.infra.kafka;

import io.orderflow.infra.failure.Failures;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Kafka consumer, started and stopped with the application, whose records are handled one at a time per
 * partition on threads of its own: {@link #apply} may block (commands, JDBC, SMTP) without holding up a reactor
 * thread. Platform threads, one per partition at most, not virtual ones: all of the JVM's virtual threads share as
 * many carriers as there are cores, and under load the processors' thirty-odd platform threads left those carriers
 * so little CPU that supplier webhooks waited minutes in Kafka (bench/README.md, "2026-12-07, evening").
 * <p>
 * A record that cannot be applied does not hold up its partition: after {@link #MAX_ATTEMPTS} attempts with
 * back-off (or at once, for a {@link Failures.Poison}) it is parked in {@code <topic>.dlt} and the admin
 * dead-letter API ({@link ParkedKafkaRecords}), and the partition moves on. Transient failures (the database or
 * the broker away) are not counted: they are retried, with back-off, as long as they last.
 */
public abstract class BlockingRecordConsumer implements SmartLifecycle {

    static final int MAX_ATTEMPTS = 5;
    /** As many as the topics have partitions by default (orderflow.kafka.partitions); more partitions queue. */
    static final int MAX_THREADS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(BlockingRecordConsumer.class);

    private final ReactiveKafka kafka;
    private final ParkedKafkaRecords parking;
    private final String topic;
    private final String group;
    private volatile Scheduler blocking;
    private volatile Disposable consumer;

    protected BlockingRecordConsumer(ReactiveKafka kafka, ParkedKafkaRecords parking, String topic, String group) {
        this.kafka = kafka;
        this.parking = parking;
        this.topic = topic;
        this.group = group;
    }

    /** Makes sure what the consumer reads exists (its topic) before it subscribes. */
    protected abstract void prepare();

    /** Handles one record; may block. Throws {@link Failures.Poison} for a record that retrying cannot help. */
    protected abstract void apply(ConsumerRecord<String, byte[]> record);

    /** The retailer a record belongs to, so that its admins see it when it is parked; null when none can be told. */
    protected String retailerOf(ConsumerRecord<String, byte[]> record) {
        return null;
    }

    public String group() {
        return group;
    }

    @Override
    public void start() {
        prepare();
        blocking = Schedulers.newBoundedElastic(MAX_THREADS, Integer.MAX_VALUE, group, 60, true);
        kafka.ensureTopics(List.of(ParkedKafkaRecords.deadLetterTopic(topic)), 1);
        consumer = kafka.consume(topic, group, record -> attempt(record, 1, 0));
    }

    private Mono<Void> attempt(ConsumerRecord<String, byte[]> record, int attempt, int transientFailures) {
        return Mono.fromRunnable(() -> kafka.inTraceOf(record, group, () -> apply(record))).subscribeOn(blocking).then()
                .onErrorResume(failure -> {
                    if (Failures.isTransient(failure)) {
                        var delay = backoff(transientFailures);
                        log.warn("record {}-{}@{} of {}: transient failure, retrying in {}: {}", record.topic(),
                                record.partition(), record.offset(), group, delay, Failures.describe(failure));
                        return Mono.delay(delay).then(attempt(record, attempt, transientFailures + 1));
                    }
                    if (failure instanceof Failures.Poison || attempt >= MAX_ATTEMPTS) {
                        return park(record, failure, attempt);
                    }
                    var delay = backoff(attempt - 1);
                    log.warn("record {}-{}@{} of {} failed (attempt {} of {}), retrying in {}: {}", record.topic(),
                            record.partition(), record.offset(), group, attempt, MAX_ATTEMPTS, delay,
                            Failures.describe(failure));
                    return Mono.delay(delay).then(attempt(record, attempt + 1, transientFailures));
                });
    }

    /** Parking itself is retried (by {@link ReactiveKafka#consume}) until it is done; only then is the offset acked. */
    private Mono<Void> park(ConsumerRecord<String, byte[]> record, Throwable failure, int attempts) {
        return Mono.fromRunnable(() -> parking.park(group, record, failure, attempts, retailerOfQuietly(record)))
                .subscribeOn(blocking).then();
    }

    private String retailerOfQuietly(ConsumerRecord<String, byte[]> record) {
        try {
            return retailerOf(record);
        } catch (RuntimeException unknown) {
            return null;
        }
    }

    private static Duration backoff(int failures) {
        long millis = FIRST_BACKOFF.toMillis() << Math.min(failures, 10);
        return Duration.ofMillis(Math.min(millis, MAX_BACKOFF.toMillis()));
    }

    @Override
    public void stop() {
        var current = consumer;
        if (current != null) {
            current.dispose();
        }
        var threads = blocking;
        if (threads != null) {
            threads.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null && !consumer.isDisposed();
    }
}
