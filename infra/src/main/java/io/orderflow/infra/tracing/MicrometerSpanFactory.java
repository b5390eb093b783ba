package io.orderflow.infra.tracing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.SpanScope;
import org.axonframework.tracing.SpanUtils;

/**
 * Axon's spans on the application's Micrometer tracer, so that commands, event handlers, sagas and deadlines join the
 * trace of the HTTP request or Kafka record that caused them. Axon's own OpenTelemetry module is not on Maven Central
 * for 4.13, and it would read GlobalOpenTelemetry, which Spring Boot leaves unset.
 * <p>
 * A message carries the span that dispatched it as a W3C {@value #TRACEPARENT} in its metadata, so the trace crosses
 * the event store (and survives a restart); {@code traceId} is kept too, for the audit trail, unless the message
 * already inherited one from the message that caused it.
 * <p>
 * A replayed event (a read model rebuilt from history) gets no handler span, and its handlers no spans of their own:
 * the trace it would join ended long ago, and a replay handles every event ever stored. The replay's batches still
 * have their spans, as traces of their own.
 */
final class MicrometerSpanFactory implements SpanFactory {

    static final String TRACEPARENT = "traceparent";
    static final String TRACE_ID = "traceId";
    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private final Tracer tracer;
    private final List<SpanAttributesProvider> attributes = new CopyOnWriteArrayList<>();

    MicrometerSpanFactory(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Span createRootTrace(Supplier<String> name) {
        var builder = tracer.spanBuilder().name(name.get()).setNoParent();
        var current = tracer.currentSpan();
        if (current != null) {
            builder.addLink(new Link(current.context()));
        }
        return new AxonSpan(tracer, builder);
    }

    /** A child of the dispatching span when Axon says so (same trace), else a new trace linked to it. */
    @Override
    public Span createHandlerSpan(Supplier<String> name, Message<?> parentMessage, boolean isChildTrace,
                                  Message<?>... linkedParents) {
        if (ReplayToken.isReplay(parentMessage)) {
            return NoOpSpanFactory.NoOpSpan.INSTANCE;
        }
        var builder = tracer.spanBuilder().name(name(name, parentMessage)).kind(io.micrometer.tracing.Span.Kind.CONSUMER);
        var dispatcher = dispatcherOf(parentMessage);
        if (dispatcher != null && isChildTrace) {
            builder.setParent(dispatcher);
        } else if (dispatcher != null) {
            builder.setNoParent().addLink(new Link(dispatcher));
        }
        link(builder, linkedParents);
        if (!isChildTrace || recorded(dispatcher)) {
            tag(builder, parentMessage);
        }
        return new AxonSpan(tracer, builder);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> name, Message<?> parentMessage, Message<?>... linkedSiblings) {
        var builder = tracer.spanBuilder().name(name(name, parentMessage)).kind(io.micrometer.tracing.Span.Kind.PRODUCER);
        link(builder, linkedSiblings);
        if (recorded(currentContext())) {
            tag(builder, parentMessage);
        }
        return new AxonSpan(tracer, builder);
    }

    @Override
    public Span createInternalSpan(Supplier<String> name) {
        if (handlingReplayedEvent()) {
            return NoOpSpanFactory.NoOpSpan.INSTANCE;
        }
        return new AxonSpan(tracer, tracer.spanBuilder().name(name.get()));
    }

    @Override
    public Span createInternalSpan(Supplier<String> name, Message<?> message) {
        if (ReplayToken.isReplay(message)) {
            return NoOpSpanFactory.NoOpSpan.INSTANCE;
        }
        var builder = tracer.spanBuilder().name(name(name, message));
        if (recorded(currentContext())) {
            tag(builder, message);
        }
        return new AxonSpan(tracer, builder);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        attributes.add(provider);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M extends Message<?>> M propagateContext(M message) {
        var current = tracer.currentSpan();
        if (current == null) {
            return message;
        }
        var context = current.context();
        M traced = (M) message.andMetaData(Map.of(TRACEPARENT, traceparent(context)));
        return message.getMetaData().containsKey(TRACE_ID) ? traced
                : (M) traced.andMetaData(Map.of(TRACE_ID, context.traceId()));
    }

    static String traceparent(TraceContext context) {
        return "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
    }

    /** Whether this thread is handling a replayed event: Axon's handler spans then have no message to tell it by. */
    private static boolean handlingReplayedEvent() {
        return CurrentUnitOfWork.isStarted() && ReplayToken.isReplay(CurrentUnitOfWork.get().getMessage());
    }

    /** The span that dispatched the message, from its {@value #TRACEPARENT}; null when it has none (or a bad one). */
    TraceContext dispatcherOf(Message<?> message) {
        if (message == null || !(message.getMetaData().get(TRACEPARENT) instanceof String header)) {
            return null;
        }
        var w3c = W3C.matcher(header);
        if (!w3c.matches() || w3c.group(1).chars().allMatch(c -> c == '0') || w3c.group(2).chars().allMatch(c -> c == '0')) {
            return null;
        }
        return tracer.traceContextBuilder()
                .traceId(w3c.group(1))
                .spanId(w3c.group(2))
                .sampled((Integer.parseInt(w3c.group(3), 16) & 1) == 1)
                .build();
    }

    private void link(io.micrometer.tracing.Span.Builder builder, Message<?>[] messages) {
        for (var message : messages) {
            var context = dispatcherOf(message);
            if (context != null) {
                builder.addLink(new Link(context));
            }
        }
    }

    /**
     * Whether a span under this parent can be recorded: a child of a trace that was not sampled is not, and its
     * attributes would be dropped. Most traces are not sampled (10 %), and every handler of every event makes a span,
     * so their attributes (the message's metadata, its type, its aggregate) are only worked out where they are kept.
     */
    static boolean recorded(TraceContext parent) {
        return parent == null || !Boolean.FALSE.equals(parent.sampled());
    }

    private TraceContext currentContext() {
        var current = tracer.currentSpan();
        return current == null ? null : current.context();
    }

    private void tag(io.micrometer.tracing.Span.Builder builder, Message<?> message) {
        if (message != null) {
            attributes.forEach(provider -> provider.provideForMessage(message).forEach(builder::tag));
        }
    }

    private static String name(Supplier<String> operation, Message<?> message) {
        return message == null ? operation.get() : operation.get() + "(" + SpanUtils.determineMessageName(message) + ")";
    }

    private static final class AxonSpan implements Span {

        private final Tracer tracer;
        private final io.micrometer.tracing.Span.Builder builder;
        private io.micrometer.tracing.Span span;

        AxonSpan(Tracer tracer, io.micrometer.tracing.Span.Builder builder) {
            this.tracer = tracer;
            this.builder = builder;
        }

        @Override
        public Span start() {
            span = builder.start();
            return this;
        }

        @Override
        public SpanScope makeCurrent() {
            var scope = tracer.withSpan(span);
            return scope::close;
        }

        @Override
        public void end() {
            span.end();
        }

        @Override
        public Span recordException(Throwable failure) {
            span.error(failure);
            return this;
        }

        /** Axon may add attributes before it starts the span. */
        @Override
        public Span addAttribute(String key, String value) {
            if (span == null) {
                builder.tag(key, value);
            } else {
                span.tag(key, value);
            }
            return this;
        }
    }
}
