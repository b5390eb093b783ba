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
 * <p>
 * When it has nothing left, the stream calls its coordinator back as soon as an event it can use is appended
 * ({@link HeadWatcher}), where the embedded store's own stream would leave the coordinator to look again in 500 ms.
 */
final class SkippingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final HeadWatcher head;

    SkippingEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, HeadWatcher head) {
        this.store = store;
        this.head = head;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new SkippingStream(store.openStream(trackingToken), store, head);
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

    /** Read by one coordinator thread, like the stream it wraps; called back from the {@link HeadWatcher}'s. */
    static final class SkippingStream implements BlockingStream<TrackedEventMessage<?>>, HeadWatcher.Waiting {

        private final BlockingStream<TrackedEventMessage<?>> events;
        private final StreamableMessageSource<TrackedEventMessage<?>> store;
        private final HeadWatcher head;
        private final Set<Class<?>> skipped = ConcurrentHashMap.newKeySet();
        /** Read from the store already, handed out next. */
        private TrackedEventMessage<?> next;
        private volatile Runnable onAvailable;

        SkippingStream(BlockingStream<TrackedEventMessage<?>> events,
                       StreamableMessageSource<TrackedEventMessage<?>> store, HeadWatcher head) {
            this.events = events;
            this.store = store;
            this.head = head;
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

        /**
         * Axon Server's streams call back themselves; the embedded store's are called back by the watcher, if this
         * processor is woken on append at all (without, its coordinator looks again every 500 ms).
         */
        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            if (events.setOnAvailableCallback(callback)) {
                return true;
            }
            if (head == null) {
                return false;
            }
            onAvailable = callback;
            head.register(store, this);
            return true;
        }

        @Override
        public boolean usesAnyOf(Set<Class<?>> types) {
            for (Class<?> type : types) {
                if (!skipped.contains(type)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void wake() {
            Runnable callback = onAvailable;
            if (callback != null) {
                callback.run();
            }
        }

        @Override
        public void close() {
            if (head != null) {
                head.deregister(this);
            }
            events.close();
        }
    }
}
