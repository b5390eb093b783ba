package io.orderflow.infra.axon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watcher of the store's head, on its own thread, against a store that blocks like the embedded one. */
class HeadWatcherTest {

    record Used(int n) {
    }

    record Unused(int n) {
    }

    private final Tail store = new Tail();
    private final HeadWatcher head = new HeadWatcher();

    @AfterEach
    void close() {
        head.close();
    }

    @Test
    void callsBackTheStreamsThatUseAnAppendedEventAndNoOther() throws Exception {
        var usesOnlyUsed = new Waiter(Set.of(Used.class));
        var usesEverything = new Waiter(Set.of(Used.class, Unused.class));
        head.register(store, usesOnlyUsed);
        head.register(store, usesEverything);
        store.awaitFollowed();

        store.append(new Unused(1));
        assertThat(usesEverything.woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        store.append(new Used(2));
        assertThat(usesOnlyUsed.woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(usesEverything.woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        // the unused event woke nothing that does not use it
        assertThat(usesOnlyUsed.wakes).hasValue(1);
    }

    @Test
    void aClosedStreamIsNoLongerCalledBack() throws Exception {
        var gone = new Waiter(Set.of(Used.class));
        var stays = new Waiter(Set.of(Used.class));
        head.register(store, gone);
        head.register(store, stays);
        store.awaitFollowed();
        head.deregister(gone);

        store.append(new Used(1));
        assertThat(stays.woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gone.wakes).hasValue(0);
    }

    @Test
    void followsTheStoreOnceWhateverTheNumberOfStreams() throws Exception {
        head.register(store, new Waiter(Set.of(Used.class)));
        head.register(store, new Waiter(Set.of(Used.class)));
        store.awaitFollowed();
        store.append(new Used(1));
        var last = new Waiter(Set.of(Used.class));
        head.register(store, last);
        store.append(new Used(2));
        assertThat(last.woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();

        assertThat(store.opened).hasValue(1);
    }

    @Test
    void aClosedWatcherFollowsNothing() throws Exception {
        head.close();
        head.register(store, new Waiter(Set.of(Used.class)));
        Thread.sleep(200);

        assertThat(store.opened).hasValue(0);
    }

    private static final class Waiter implements HeadWatcher.Waiting {

        private final Set<Class<?>> uses;
        private final AtomicInteger wakes = new AtomicInteger();
        private final Semaphore woken = new Semaphore(0);

        Waiter(Set<Class<?>> uses) {
            this.uses = uses;
        }

        @Override
        public boolean usesAnyOf(Set<Class<?>> types) {
            return types.stream().anyMatch(uses::contains);
        }

        @Override
        public void wake() {
            wakes.incrementAndGet();
            woken.release();
        }
    }

    /** A store whose streams start at the head and block until something is appended, like the embedded store's. */
    private static final class Tail implements StreamableMessageSource<TrackedEventMessage<?>> {

        private final BlockingQueue<TrackedEventMessage<?>> appended = new LinkedBlockingQueue<>();
        private final AtomicInteger opened = new AtomicInteger();
        private final Semaphore followed = new Semaphore(0);
        private long position;

        void append(Object payload) {
            appended.add(new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(++position),
                    GenericEventMessage.asEventMessage(payload)));
        }

        void awaitFollowed() throws InterruptedException {
            assertThat(followed.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
            opened.incrementAndGet();
            return new BlockingStream<>() {
                private TrackedEventMessage<?> next;

                @Override
                public Optional<TrackedEventMessage<?>> peek() {
                    return Optional.ofNullable(next);
                }

                @Override
                public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
                    followed.release();
                    if (next == null) {
                        next = appended.poll(timeout, unit);
                    }
                    return next != null;
                }

                @Override
                public TrackedEventMessage<?> nextAvailable() {
                    var event = next;
                    next = null;
                    return event;
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public TrackingToken createTailToken() {
            return null;
        }

        @Override
        public TrackingToken createHeadToken() {
            return new GlobalSequenceTrackingToken(position);
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return null;
        }

        @Override
        public TrackingToken createTokenSince(Duration duration) {
            return null;
        }
    }
}
