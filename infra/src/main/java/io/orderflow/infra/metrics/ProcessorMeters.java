package io.orderflow.infra.metrics;

import io.orderflow.infra.kafka.BlockingRecordConsumer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Processor lag and dead letters, read from the database every few seconds on a thread of its own (a scrape only
 * reads the last sample, so it never waits for the database, and what every node's processors did is seen, not only
 * this node's segments):
 * <ul>
 *   <li>{@code orderflow.processor.lag{group}}: events behind the head of the event store, for the segment of the
 *       group furthest behind (head global index minus the lowest token position);</li>
 *   <li>{@code orderflow.deadletters{group}}: parked events per processing group (read models, supplier dispatch,
 *       the fulfillment saga), and parked Kafka records per consumer group.</li>
 * </ul>
 */
@Component
class ProcessorMeters implements SmartLifecycle {

    static final String LAG = "orderflow.processor.lag";
    static final String DEAD_LETTERS = "orderflow.deadletters";
    private static final Logger log = LoggerFactory.getLogger(ProcessorMeters.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventProcessingConfiguration processing;
    private final MeterRegistry registry;
    private final ObjectProvider<BlockingRecordConsumer> consumers;
    private final Duration interval;
    private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLetters = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService sampler;

    ProcessorMeters(JdbcTemplate jdbc, Serializer serializer, EventProcessingConfiguration processing,
                    MeterRegistry registry, ObjectProvider<BlockingRecordConsumer> consumers,
                    @Value("${orderflow.metrics.sample-interval:5s}") Duration interval) {
        this.consumers = consumers;
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
        this.registry = registry;
        this.interval = interval;
    }

    void sample() {
        long head = headIndex();
        Map<String, Long> lowest = new HashMap<>();
        jdbc.query("SELECT processorname, token, tokentype FROM tokenentry", rs -> {
            var position = position(rs.getBytes(2), rs.getString(3));
            lowest.merge(rs.getString(1), position, Math::min);
        });
        // a processor of this node that has no token yet starts from the tail: all of history is ahead of it
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                lowest.putIfAbsent(name, -1L);
            }
        });
        lowest.forEach((group, position) -> gauge(lag, LAG, "Events behind the head of the event store, per processing"
                + " group (its slowest segment)", group).set(Math.max(0, head - position)));
        // a processor whose tokens were deleted (and that does not run here) has no lag to report any more
        lag.keySet().stream().filter(group -> !lowest.containsKey(group)).toList().forEach(group -> {
            lag.remove(group);
            registry.find(LAG).tag("group", group).meters().forEach(registry::remove);
        });

        Map<String, Long> parked = new HashMap<>();
        processing.eventProcessors().keySet().forEach(group -> parked.put(group, 0L));
        consumers.forEach(consumer -> parked.put(consumer.group(), 0L));
        deadLetters.keySet().forEach(group -> parked.put(group, 0L));
        jdbc.query("SELECT processinggroup, count(*) FROM deadletterentry GROUP BY processinggroup",
                rs -> { parked.put(rs.getString(1), rs.getLong(2)); });
        jdbc.query("SELECT consumer_group, count(*) FROM kafka_dead_letter GROUP BY consumer_group",
                rs -> { parked.merge(rs.getString(1), rs.getLong(2), Long::sum); });
        parked.forEach((group, count) -> gauge(deadLetters, DEAD_LETTERS, "Parked events (processing groups) and"
                + " records (Kafka consumer groups) waiting for a retry", group).set(count));
    }

    private long headIndex() {
        Long max = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        return max == null ? -1 : max;
    }

    /** The token's global index; a token not (yet) positioned counts as the tail (-1). */
    private long position(byte[] token, String type) {
        if (token == null || type == null) {
            return -1;
        }
        try {
            TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
            return tracking == null ? -1 : tracking.position().orElse(-1);
        } catch (RuntimeException unreadable) {
            log.debug("token of type {} not readable for the lag gauge: {}", type, unreadable.toString());
            return -1;
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String group) {
        return values.computeIfAbsent(group, g -> {
            var value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description(description).tag("group", g).register(registry);
            return value;
        });
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.debug("processor metrics not sampled: {}", e.toString());
        }
    }

    @Override
    public void start() {
        var thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("processor-meters")
                .factory());
        thread.scheduleWithFixedDelay(this::sampleQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        sampler = thread;
    }

    @Override
    public void stop() {
        var current = sampler;
        if (current != null) {
            current.shutdownNow();
        }
        sampler = null;
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }

}
