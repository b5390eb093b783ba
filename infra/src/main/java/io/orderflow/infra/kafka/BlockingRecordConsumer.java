package io.orderflow.infra.kafka;

import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A Kafka consumer, started and stopped with the application, whose records are handled one at a time per
 * partition on virtual threads: {@link #apply} may block (commands, JDBC, SMTP) without holding up a reactor
 * thread. A record whose handling throws is retried by {@link ReactiveKafka#consume}; handlers skip what retrying
 * cannot fix.
 */
public abstract class BlockingRecordConsumer implements SmartLifecycle {

    private final ReactiveKafka kafka;
    private final String topic;
    private final String group;
    private final Scheduler blocking;
    private volatile Disposable consumer;

    protected BlockingRecordConsumer(ReactiveKafka kafka, String topic, String group) {
        this.kafka = kafka;
        this.topic = topic;
        this.group = group;
        this.blocking = Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), group);
    }

    /** Makes sure what the consumer reads exists (its topic) before it subscribes. */
    protected abstract void prepare();

    /** Handles one record; may block. */
    protected abstract void apply(ConsumerRecord<String, byte[]> record);

    @Override
    public void start() {
        prepare();
        consumer = kafka.consume(topic, group,
                record -> Mono.fromRunnable(() -> apply(record)).subscribeOn(blocking).then());
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
