package io.orderflow.infra.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.tracing.NoOpSpanFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MicrometerSpanFactoryTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private final AtomicInteger attributesWorkedOut = new AtomicInteger();
    private final AtomicReference<Boolean> currentSampled = new AtomicReference<>();
    private MicrometerSpanFactory spans;
    private Tracer tracer;

    @BeforeEach
    void tracer() {
        tracer = mock(Tracer.class);
        when(tracer.spanBuilder()).thenAnswer(i -> mock(Span.Builder.class, RETURNS_SELF));
        // the context built from a message's traceparent is sampled as its flags say
        when(tracer.traceContextBuilder()).thenAnswer(i -> {
            var sampled = new AtomicReference<Boolean>();
            var builder = mock(TraceContext.Builder.class, RETURNS_SELF);
            when(builder.sampled(any())).thenAnswer(call -> {
                sampled.set(call.getArgument(0));
                return builder;
            });
            var context = mock(TraceContext.class);
            when(context.sampled()).thenAnswer(call -> sampled.get());
            when(builder.build()).thenReturn(context);
            return builder;
        });
        when(tracer.currentSpan()).thenAnswer(i -> {
            if (currentSampled.get() == null) {
                return null;
            }
            var context = mock(TraceContext.class);
            when(context.sampled()).thenReturn(currentSampled.get());
            var span = mock(Span.class);
            when(span.context()).thenReturn(context);
            return span;
        });
        spans = new MicrometerSpanFactory(tracer);
        spans.registerSpanAttributeProvider(message -> {
            attributesWorkedOut.incrementAndGet();
            return Map.of("axon_message_type", "test");
        });
    }

    @Test
    void aHandlerInAnUnsampledTraceWorksOutNoAttributes() {
        spans.createHandlerSpan(() -> "handle", event("00"), true);

        assertThat(attributesWorkedOut).hasValue(0);
    }

    @Test
    void aHandlerInASampledTraceOrInATraceOfItsOwnHasItsAttributes() {
        spans.createHandlerSpan(() -> "handle", event("01"), true);
        spans.createHandlerSpan(() -> "handle", event("00"), false);
        spans.createHandlerSpan(() -> "handle", GenericEventMessage.asEventMessage("no traceparent"), true);

        assertThat(attributesWorkedOut).hasValue(3);
    }

    @Test
    void dispatchAndInternalSpansFollowTheCurrentSpan() {
        currentSampled.set(false);
        spans.createDispatchSpan(() -> "dispatch", event("00"));
        spans.createInternalSpan(() -> "internal", event("00"));
        assertThat(attributesWorkedOut).hasValue(0);

        currentSampled.set(true);
        spans.createDispatchSpan(() -> "dispatch", event("01"));
        currentSampled.set(null);
        spans.createInternalSpan(() -> "internal", event("01"));
        assertThat(attributesWorkedOut).hasValue(2);
    }

    @Test
    void aReplayedEventHasNoSpansWhileTheSameEventLiveHas() {
        var event = (EventMessage<?>) event("01");
        var replayed = new GenericTrackedEventMessage<>(ReplayToken.createReplayToken(
                new GlobalSequenceTrackingToken(100), new GlobalSequenceTrackingToken(10)), event);
        var live = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(101), event);

        assertThat(spans.createHandlerSpan(() -> "handle", replayed, true)).isSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        assertThat(spans.createInternalSpan(() -> "internal", replayed)).isSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        var unitOfWork = DefaultUnitOfWork.startAndGet(replayed);
        try {
            // Axon's span around each handler method names no message: the unit of work tells the replay
            assertThat(spans.createInternalSpan(() -> "handler method")).isSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        } finally {
            unitOfWork.rollback();
        }
        verify(tracer, never()).spanBuilder();

        assertThat(spans.createHandlerSpan(() -> "handle", live, true)).isNotSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        assertThat(spans.createInternalSpan(() -> "handler method")).isNotSameAs(NoOpSpanFactory.NoOpSpan.INSTANCE);
        verify(tracer, times(2)).spanBuilder();
    }

    private static Message<?> event(String flags) {
        return GenericEventMessage.asEventMessage("placed")
                .andMetaData(Map.of(MicrometerSpanFactory.TRACEPARENT, "00-" + TRACE + "-" + SPAN + "-" + flags));
    }
}
