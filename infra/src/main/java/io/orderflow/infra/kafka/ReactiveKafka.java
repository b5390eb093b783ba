package io.orderflow.infra.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.MicrometerConsumerListener;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.receiver.observation.KafkaReceiverObservation;
import reactor.kafka.receiver.observation.KafkaRecordReceiverContext;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.kafka.sender.observation.KafkaRecordSenderContext;
import reactor.kafka.sender.observation.KafkaSenderObservation;
import reactor.util.retry.Retry;

/**
 * The one place that talks to Kafka (reactor-kafka is discontinued upstream; keeping it behind this
 * adapter keeps a future swap small). Sends are idempotent with acks=all; consumption is ordered per
 * partition and an offset is acknowledged only after its record was handled. Each record sent is a span of the trace
 * that sent it, its {@code traceparent} in the record's headers; a consumer continues that trace
 * ({@link #inTraceOf}).
 */
@Component
public class ReactiveKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReactiveKafka.class);

    private final String bootstrap;
    private final KafkaSender<String, byte[]> sender;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;
    private final java.util.concurrent.atomic.AtomicInteger consumers = new java.util.concurrent.atomic.AtomicInteger();

    public ReactiveKafka(@Value("${orderflow.kafka.bootstrap}") String bootstrap, ObjectProvider<MeterRegistry> meters,
                         ObjectProvider<ObservationRegistry> observations) {
        this.bootstrap = bootstrap;
        this.meters = meters.getIfAvailable();
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.sender = KafkaSender.create(SenderOptions.<String, byte[]>create(props).stopOnError(false));
    }

    /** Creates the topics that do not exist yet; blocking, meant for start-up only. */
    public void ensureTopics(Collection<String> topics, int partitions) {
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            var missing = topics.stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) -1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Kafka topics " + topics, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create Kafka topics " + topics, e);
        }
    }

    /** Completes once every in-sync replica has the record. */
    public Mono<Void> send(String topic, String key, byte[] value, Map<String, String> headers) {
        return send(topic, key, value, headerList(headers));
    }

    /**
     * Completes once every in-sync replica has the record; header values as they are (bytes). The send is observed on
     * the subscriber's thread, under the span current there (an Axon handler's) or the one in the Reactor context (an
     * HTTP request's), and that observation writes the record's {@code traceparent}.
     */
    public Mono<Void> send(String topic, String key, byte[] value, List<org.apache.kafka.common.header.Header> headers) {
        return Mono.deferContextual(context -> sendAll(List.of(prepare(topic, key, value, headers,
                context.getOrDefault(ObservationThreadLocalAccessor.KEY, null)))));
    }

    /**
     * A record made ready to be sent later with others ({@link #sendAll}): its send is observed from now, under the
     * span current on this thread (an Axon handler's), which writes its {@code traceparent}.
     */
    public Outgoing prepare(String topic, String key, byte[] value, Map<String, String> headers) {
        return prepare(topic, key, value, headerList(headers), null);
    }

    private Outgoing prepare(String topic, String key, byte[] value, List<org.apache.kafka.common.header.Header> headers,
                             Observation parent) {
        var record = new ProducerRecord<>(topic, null, key, value, new java.util.ArrayList<>(headers));
        var observation = KafkaSenderObservation.SENDER_OBSERVATION.observation(null,
                KafkaSenderObservation.DefaultKafkaSenderObservationConvention.INSTANCE,
                () -> new KafkaRecordSenderContext(record, "orderflow", bootstrap), observations);
        if (parent != null) {
            observation.parentObservation(parent);
        }
        observation.start();
        return new Outgoing(record, observation);
    }

    /**
     * Sends the records as one stream, in their order (so an order's records keep theirs: the producer is idempotent),
     * and completes once every in-sync replica has every one of them, or fails with the first failure: one wait for
     * a whole batch instead of one per record.
     */
    public Mono<Void> sendAll(List<Outgoing> records) {
        if (records.isEmpty()) {
            return Mono.empty();
        }
        var answered = java.util.concurrent.ConcurrentHashMap.<Integer>newKeySet();
        return sender.send(Flux.range(0, records.size())
                        .map(i -> SenderRecord.create(records.get(i).record(), i)))
                .concatMap(result -> {
                    answered.add(result.correlationMetadata());
                    var observation = records.get(result.correlationMetadata()).observation();
                    if (result.exception() != null) {
                        observation.error(result.exception());
                    }
                    observation.stop();
                    return result.exception() == null ? Mono.<Void>empty() : Mono.<Void>error(result.exception());
                })
                .then()
                // given up on (a time-out, a failure before the rest were answered): their sends end unanswered
                .doFinally(signal -> {
                    for (int i = 0; i < records.size(); i++) {
                        if (answered.add(i)) {
                            records.get(i).observation().stop();
                        }
                    }
                });
    }

    /** A record ready to be sent, and the observation of its send. */
    public record Outgoing(ProducerRecord<String, byte[]> record, Observation observation) {
    }

    private static List<org.apache.kafka.common.header.Header> headerList(Map<String, String> headers) {
        return headers.entrySet().stream()
                .filter(h -> h.getValue() != null)
                .map(h -> new RecordHeader(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8)))
                .map(org.apache.kafka.common.header.Header.class::cast)
                .toList();
    }

    /**
     * Runs a consumer's work on a record as that record's span, a child of the span that sent it (its
     * {@code traceparent}), so that the commands it sends continue the sender's trace.
     */
    public void inTraceOf(ConsumerRecord<String, byte[]> record, String groupId, Runnable work) {
        KafkaReceiverObservation.RECEIVER_OBSERVATION.observation(null,
                        KafkaReceiverObservation.DefaultKafkaReceiverObservationConvention.INSTANCE,
                        () -> new KafkaRecordReceiverContext(record, groupId, bootstrap), observations)
                .observe(work);
    }

    /**
     * Consumes a topic with one consumer group: records of a partition are handled one after another
     * (so per-key order holds), each retried with back-off until its handler succeeds, then acknowledged. A handler
     * that gives up on a record (parks it, see BlockingRecordConsumer) succeeds, so that the partition moves on.
     */
    public Disposable consume(String topic, String groupId, Function<ConsumerRecord<String, byte[]>, Mono<Void>> handler) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // the consumer's metrics (records-lag per partition among them) are tagged with its client id
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + consumers.incrementAndGet());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // a node that dies gives its partitions up after 10 s, as its processor segments (instead of Kafka's 45 s)
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        ReceiverOptions<String, byte[]> configured = ReceiverOptions.<String, byte[]>create(props)
                .subscription(Set.of(topic))
                .commitInterval(Duration.ofMillis(100));
        if (meters != null) {
            // kafka.consumer.fetch.manager.records.lag(.max): the consumer lag, as the Kafka client measures it
            configured = configured.consumerListener(new MicrometerConsumerListener(meters));
        }
        var options = configured;
        return Flux.defer(() -> KafkaReceiver.create(options).receive())
                .groupBy(record -> record.receiverOffset().topicPartition())
                .flatMap(partition -> partition.concatMap(record -> handleUntilDone(record, handler)), 64)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(s -> log.warn("consumer of {} restarting: {}", topic, s.failure().toString())))
                .subscribe();
    }

    private static Mono<Void> handleUntilDone(ReceiverRecord<String, byte[]> record,
                                              Function<ConsumerRecord<String, byte[]>, Mono<Void>> handler) {
        return Mono.defer(() -> handler.apply(record))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(30))
                        .doBeforeRetry(s -> log.warn("record {}-{}@{} failed, retrying: {}", record.topic(),
                                record.partition(), record.offset(), s.failure().toString())))
                .then(Mono.fromRunnable(() -> record.receiverOffset().acknowledge()));
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        sender.close();
    }
}
