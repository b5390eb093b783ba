package io.orderflow.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.orderflow.infra.cluster.ClusterNodes;

import java.util.List;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.EventProcessingConfigurer.PooledStreamingProcessorConfiguration;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The one pooled-processor default Axon keeps: what every pooled processor is built with. */
class PooledProcessorsTest {

    private final Configurer configurer = mock(Configurer.class);
    private final EventProcessingConfigurer eventProcessing = mock(EventProcessingConfigurer.class);
    private final EventStore store = mock(EventStore.class);
    private final org.axonframework.config.Configuration axon = mock(org.axonframework.config.Configuration.class);

    PooledProcessorsTest() {
        when(configurer.eventProcessing()).thenReturn(eventProcessing);
        when(axon.eventStore()).thenReturn(store);
        @SuppressWarnings("unchecked")
        BlockingStream<TrackedEventMessage<?>> stream = mock(BlockingStream.class);
        when(store.openStream(any())).thenReturn(stream);
    }

    @Test
    void everyPooledProcessorReadsTheEventStoreThroughTheSkippingStreamAndLooksForEventsOnItsOwn() {
        new AxonConfiguration().pooledProcessors(mock(ClusterNodes.class), List.of("order-view", " "))
                .configureModule(configurer);

        var registered = ArgumentCaptor.forClass(PooledStreamingProcessorConfiguration.class);
        verify(eventProcessing).registerPooledStreamingEventProcessorConfiguration(registered.capture());
        var source = builtSource(registered.getValue());
        // without the watcher, Axon's coordinator looks again on its own (every 500 ms)
        assertThat(source.openStream(null).setOnAvailableCallback(() -> {
        })).isFalse();
        verify(eventProcessing, never()).registerPooledStreamingEventProcessorConfiguration(eq(" "), any());
    }

    @Test
    void theProcessorsWokenOnAppendAreCalledBackByTheWatcher() {
        new AxonConfiguration().pooledProcessors(mock(ClusterNodes.class), List.of("order-view"))
                .configureModule(configurer);

        var registered = ArgumentCaptor.forClass(PooledStreamingProcessorConfiguration.class);
        verify(eventProcessing).registerPooledStreamingEventProcessorConfiguration(eq("order-view"),
                registered.capture());
        var stream = builtSource(registered.getValue()).openStream(null);
        assertThat(stream.setOnAvailableCallback(() -> {
        })).isTrue();
        stream.close();
        // the watcher stops with Axon
        var shutdown = ArgumentCaptor.forClass(Runnable.class);
        verify(configurer).onShutdown(shutdown.capture());
        shutdown.getValue().run();
    }

    private SkippingEventSource builtSource(PooledStreamingProcessorConfiguration configuration) {
        var builder = mock(PooledStreamingEventProcessor.Builder.class, RETURNS_SELF);
        configuration.apply(axon, builder);
        var source = ArgumentCaptor.forClass(SkippingEventSource.class);
        verify(builder).messageSource(source.capture());
        return source.getValue();
    }
}
