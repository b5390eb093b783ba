package io.orderflow.infra.tracing;

import io.micrometer.tracing.Tracer;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tracing of Axon's messages (README, "Tracing"). The tracer is always there, so trace ids reach the logs and the
 * messages' metadata; whether spans leave the process is Spring Boot's OTLP export, off unless switched on.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    private static final CorrelationIdMdc CORRELATION_ID_MDC = new CorrelationIdMdc();

    /** Without a tracer (a test slice, a module test) Axon traces nothing, as it would by default. */
    @Bean
    SpanFactory spanFactory(ObjectProvider<Tracer> tracer) {
        var available = tracer.getIfAvailable();
        return available == null || available == Tracer.NOOP ? NoOpSpanFactory.INSTANCE
                : new MicrometerSpanFactory(available);
    }

    @Bean
    ConfigurerModule correlationIdInProcessorLogs() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processor) -> CORRELATION_ID_MDC);
    }

    @Bean
    SmartInitializingSingleton correlationIdInCommandLogs(CommandBus commands) {
        return () -> commands.registerHandlerInterceptor(CORRELATION_ID_MDC);
    }
}
