package io.orderflow.infra.axon;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event store as a pooled processor reads it, minus the events it has said it cannot use. Axon's coordinator puts
 * every event it reads into the queue of every segment it holds, and stops reading for all of them once one queue
 * holds 1,024: a processor that handles two of the twenty events of an order (supplier dispatch) queued all twenty
 * in each of its eight segments, and one slow submission stopped the other seven. When none of a processor's handlers
 * can take an event's type, the coordinator tells the stream so ({@link BlockingStream#skipMessagesWithPayloadTypeOf}):
 * Axon Server then filters on its side, the embedded JDBC store ignores it. This stream honours it on our side.
 * <p>
 * An event of a skipped type is still handed out when nothing follows it yet: its tracking token is how the processor
 * comes to stand at the head of the store (its lag gauge, a replay's end, the benchmark's "caught up"). Every event
 * that is handed out carries a token that covers the events skipped before it.
 */
final class SkippingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;

    SkippingEventSource(StreamableMessageSource<TrackedEventMessage<?>> store) {
        this.store = store;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SkippingStream(store.openStream(trackingToken));
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    private static final Logger log = LoggerFactory.getLogger(SkippingEventSource.class);

    /** Read by one coordinator thread, like the stream it wraps. */
    static final class SkippingStream implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final Set<Class<?>> skipped = ConcurrentHashMap.newKeySet();
        /** Read from the store already, handed out next. */
        private TrackedEventMessage<?> next;

        SkippingStream(BlockingStream<TrackedEventMessage<?>> events) {
            this.events = events;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            try {
                readPastSkipped();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.ofNullable(next);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (next == null && !events.hasNextAvailable(timeout, unit)) {
                return false;
            }
            readPastSkipped();
            return next != null;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            readPastSkipped();
            if (next == null) {
                next = events.nextAvailable();
                readPastSkipped();
            }
            var event = next;
            next = null;
            return event;
        }

        /** Moves past events of skipped types for as long as another event is available behind them. */
        private void readPastSkipped() throws InterruptedException {
            while ((next == null || skipped.contains(next.getPayloadType())) && events.hasNextAvailable()) {
                next = events.nextAvailable();
            }
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            if (skipped.add(ignoredMessage.getPayloadType())) {
                log.debug("a processor's stream skips {} from now on", ignoredMessage.getPayloadType().getName());
            }
            events.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return events.setOnAvailableCallback(callback);
        }

        @Override
        public void close() {
            events.close();
        }
    }
}
