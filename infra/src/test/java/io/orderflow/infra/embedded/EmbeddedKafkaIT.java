package io.orderflow.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final String TOPIC = "deliveries";

    @TempDir
    Path logDir;

    @Test
    void keepsRecordsAndCommittedOffsetsAcrossARestartOnTheSameLogDirectory() throws Exception {
        RecordMetadata written;
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
            clusterId = kafka.clusterId();
            try (var producer = producer(kafka, Map.of())) {
                written = producer.send(new ProducerRecord<>(TOPIC, "order-1", "acknowledged")).get(30, TimeUnit.SECONDS);
            }
            try (var consumer = consumer(kafka, "webhook-sender")) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("acknowledged");
                consumer.commitSync();
            }
        }

        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            TopicPartition partition = new TopicPartition(TOPIC, written.partition());
            try (var consumer = consumer(kafka, "fresh-reader")) {
                consumer.subscribe(List.of(TOPIC));
                List<ConsumerRecord<String, String>> records = pollUntil(consumer, 1);
                assertThat(records).extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("order-1", "acknowledged"));
            }
            try (var consumer = consumer(kafka, "webhook-sender")) {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(partition), Duration.ofSeconds(30));
                assertThat(committed.get(partition)).isNotNull();
                assertThat(committed.get(partition).offset()).isEqualTo(written.offset() + 1);
            }
        }
    }

    @Test
    void acceptsTransactionalWritesOnItsSingleNode() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(logDir, 0);
             var producer = producer(kafka, Map.of(
                     ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-check",
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "order-2", "in a transaction"));
            producer.commitTransaction();
            try (var consumer = consumer(kafka, "read-committed",
                    Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
                consumer.subscribe(List.of(TOPIC));
                assertThat(pollUntil(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("in a transaction");
            }
        }
    }

    private static KafkaProducer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group) {
        return consumer(kafka, group, Map.of());
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (records.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        }
        return records;
    }
}
