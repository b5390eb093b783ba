package io.orderflow.infra.axon;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.orderflow.infra.cluster.ClusterNodes;

import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.EventProcessingConfigurer.PooledStreamingProcessorConfiguration;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The one pooled-processor default Axon keeps: what every pooled processor is built with. */
class PooledProcessorsTest {

    @Test
    void everyPooledProcessorReadsTheEventStoreThroughTheSkippingStream() {
        var configurer = mock(Configurer.class);
        var eventProcessing = mock(EventProcessingConfigurer.class);
        when(configurer.eventProcessing()).thenReturn(eventProcessing);
        new AxonConfiguration().pooledProcessors(mock(ClusterNodes.class)).configureModule(configurer);

        var registered = ArgumentCaptor.forClass(PooledStreamingProcessorConfiguration.class);
        verify(eventProcessing).registerPooledStreamingEventProcessorConfiguration(registered.capture());
        var axon = mock(org.axonframework.config.Configuration.class);
        when(axon.eventStore()).thenReturn(mock(EventStore.class));
        var builder = mock(PooledStreamingEventProcessor.Builder.class, RETURNS_SELF);
        registered.getValue().apply(axon, builder);

        verify(builder).messageSource(any(SkippingEventSource.class));
    }
}
