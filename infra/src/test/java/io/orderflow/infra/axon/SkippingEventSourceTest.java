package io.orderflow.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;

class SkippingEventSourceTest {

    record Handled(int n) {
    }

    record Unhandled(int n) {
    }

    @Test
    void handsOutEveryEventUntilTheProcessorSaysWhichTypesItCannotUse() throws Exception {
        var store = new Store(handled(1), unhandled(2), unhandled(3), handled(4));
        var stream = stream(store);

        assertThat(positions(stream)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void skipsEventsOfTypesTheProcessorCannotUseWhileAnotherEventFollowsThem() throws Exception {
        var store = new Store(unhandled(1), handled(2), unhandled(3), unhandled(4), unhandled(5), handled(6));
        var stream = stream(store);
        var first = stream.nextAvailable();
        stream.skipMessagesWithPayloadTypeOf(first);

        assertThat(positions(stream)).containsExactly(2L, 6L);
        assertThat(store.skipsReported).containsExactly(first);
    }

    @Test
    void handsOutTheLastSkippedEventWhenNothingFollowsItSoTheTokenReachesTheHead() throws Exception {
        var store = new Store(unhandled(1), handled(2), unhandled(3), unhandled(4));
        var stream = stream(store);
        stream.skipMessagesWithPayloadTypeOf(stream.nextAvailable());

        assertThat(positions(stream)).containsExactly(2L, 4L);

        // more is appended: what was skipped before the new handled event is skipped again
        store.append(unhandled(5), unhandled(6), handled(7));
        assertThat(positions(stream)).containsExactly(7L);
    }

    @Test
    void peekShowsWhatIsHandedOutNext() throws Exception {
        var store = new Store(unhandled(1), unhandled(2), handled(3));
        var stream = stream(store);
        stream.skipMessagesWithPayloadTypeOf(stream.peek().orElseThrow());
        // the peeked event was already read: the skip applies to it, and to the next one
        assertThat(stream.peek().map(SkippingEventSourceTest::position)).contains(3L);
        assertThat(position(stream.nextAvailable())).isEqualTo(3L);
        assertThat(stream.peek()).isEmpty();
        assertThat(stream.hasNextAvailable()).isFalse();
    }

    @Test
    void saysItCallsItsCoordinatorBackAndLetsTheWatcherWakeItOnlyForTypesItUses() throws Exception {
        var store = new Store(unhandled(1), handled(2));
        var stream = stream(store);
        stream.skipMessagesWithPayloadTypeOf(stream.nextAvailable());
        var wakes = new java.util.concurrent.atomic.AtomicInteger();

        // the embedded store's stream cannot call back: this one says it can, so Axon waits for it (not 500 ms)
        assertThat(stream.setOnAvailableCallback(wakes::incrementAndGet)).isTrue();
        assertThat(stream.usesAnyOf(java.util.Set.of(Unhandled.class))).isFalse();
        assertThat(stream.usesAnyOf(java.util.Set.of(Unhandled.class, Handled.class))).isTrue();
        stream.wake();
        assertThat(wakes).hasValue(1);
    }

    /** A stream whose watcher is closed: it follows nothing (HeadWatcherTest covers the following). */
    private static SkippingEventSource.SkippingStream stream(Store store) {
        var head = new HeadWatcher();
        head.close();
        return new SkippingEventSource.SkippingStream(store, null, head);
    }

    private static List<Long> positions(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        var positions = new ArrayList<Long>();
        while (stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)) {
            positions.add(position(stream.nextAvailable()));
        }
        return positions;
    }

    private static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    private static TrackedEventMessage<?> handled(int n) {
        return event(n, new Handled(n));
    }

    private static TrackedEventMessage<?> unhandled(int n) {
        return event(n, new Unhandled(n));
    }

    private static TrackedEventMessage<?> event(long position, Object payload) {
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(position),
                GenericEventMessage.asEventMessage(payload));
    }

    /** The events appended so far, all available at once; never blocks. */
    private static final class Store implements BlockingStream<TrackedEventMessage<?>> {

        private final List<TrackedEventMessage<?>> events = new ArrayList<>();
        private final List<TrackedEventMessage<?>> skipsReported = new ArrayList<>();
        private int read;

        Store(TrackedEventMessage<?>... events) {
            append(events);
        }

        void append(TrackedEventMessage<?>... more) {
            events.addAll(List.of(more));
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return read < events.size() ? Optional.of(events.get(read)) : Optional.empty();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return read < events.size();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            if (read >= events.size()) {
                throw new AssertionError("would block: nothing is available");
            }
            return events.get(read++);
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            skipsReported.add(ignoredMessage);
        }

        @Override
        public void close() {
        }
    }
}
