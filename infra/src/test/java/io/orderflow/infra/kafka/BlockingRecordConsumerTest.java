package io.orderflow.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Where a consumer's records are handled: on platform threads of its own, at most one per partition, never on the
 * JVM's virtual threads, whose few carriers starve under load (bench/README.md, "2026-12-07, evening").
 */
class BlockingRecordConsumerTest {

    static final String TOPIC = "orderflow.test-records";
    static final String GROUP = "orderflow-test-group";

    final ReactiveKafka kafka = mock(ReactiveKafka.class);
    final List<Thread> handledOn = Collections.synchronizedList(new ArrayList<>());
    Function<ConsumerRecord<String, byte[]>, Mono<Void>> handler;
    TestConsumer consumer;

    @AfterEach
    void stop() {
        if (consumer != null) {
            consumer.stop();
        }
    }

    @Test
    void recordsAreHandledOnPlatformThreadsNamedAfterTheGroupAtMostOnePerPartition() throws Exception {
        int partitions = BlockingRecordConsumer.MAX_THREADS * 2;
        var allStarted = new CountDownLatch(BlockingRecordConsumer.MAX_THREADS);
        var release = new CountDownLatch(1);
        consumer = new TestConsumer(record -> {
            handledOn.add(Thread.currentThread());
            allStarted.countDown();
            await(release);
        });
        consumer.start();

        // one record per partition at once, as ReactiveKafka hands them out
        var handled = Flux.range(0, partitions)
                .flatMap(partition -> handler.apply(new ConsumerRecord<>(TOPIC, partition, 0L, "key", new byte[0])),
                        partitions)
                .then()
                .toFuture();
        assertThat(allStarted.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(200);
        assertThat(handledOn).as("more partitions than threads queue").hasSize(BlockingRecordConsumer.MAX_THREADS);
        release.countDown();
        handled.get(10, TimeUnit.SECONDS);

        assertThat(handledOn).hasSize(partitions);
        assertThat(handledOn).noneMatch(Thread::isVirtual);
        assertThat(handledOn).allMatch(thread -> thread.getName().startsWith(GROUP));
        assertThat(handledOn.stream().distinct().count()).isLessThanOrEqualTo(BlockingRecordConsumer.MAX_THREADS);
    }

    @Test
    void aStoppedConsumerCanBeStartedAgain() {
        consumer = new TestConsumer(record -> handledOn.add(Thread.currentThread()));
        consumer.start();
        consumer.stop();
        consumer.start();

        handler.apply(new ConsumerRecord<>(TOPIC, 0, 0L, "key", new byte[0])).block(Duration.ofSeconds(10));

        assertThat(handledOn).singleElement().matches(thread -> !thread.isVirtual());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    final class TestConsumer extends BlockingRecordConsumer {

        private final java.util.function.Consumer<ConsumerRecord<String, byte[]>> apply;

        TestConsumer(java.util.function.Consumer<ConsumerRecord<String, byte[]>> apply) {
            super(kafka, mock(ParkedKafkaRecords.class), TOPIC, GROUP);
            this.apply = apply;
            when(kafka.consume(eq(TOPIC), eq(GROUP), any())).thenAnswer(call -> {
                handler = call.getArgument(2);
                return Schedulers.immediate().schedule(() -> { });
            });
            doAnswer(call -> {
                ((Runnable) call.getArgument(2)).run();
                return null;
            }).when(kafka).inTraceOf(any(), any(), any());
        }

        @Override
        protected void prepare() {
        }

        @Override
        protected void apply(ConsumerRecord<String, byte[]> record) {
            apply.accept(record);
        }
    }
}
