package io.orderflow.infra.axon;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the pooled processors' coordinators back as soon as events they can use are appended to the event store.
 * <p>
 * A coordinator hands out what its stream holds, and when nothing is left asks the stream to call it back once more
 * arrives ({@link BlockingStream#setOnAvailableCallback}). The embedded store's streams cannot (only Axon Server's
 * can), so the coordinator looked again only every 500 ms: each processor an order's events pass through waited up to
 * half a second for them, a quarter on average, and the order view's lag p99 was about 600 ms at 20 orders/s while
 * its own work took a few. This watcher follows the head of the store on one thread, through a stream of its own that
 * reads the store's cache of recent events (the store's own producer fills it after each commit: no query of its
 * own), and calls back every waiting stream that can use one of the new events' types.
 * <p>
 * A coordinator that nothing calls back still looks again on its own, within a second (Axon's delay when the stream
 * supports callbacks); that is how a processor that uses none of the new events still moves its position along.
 */
final class HeadWatcher implements AutoCloseable {

    /** A stream whose coordinator waits for new events. */
    interface Waiting {

        /** Whether any of these types would be handed out (not skipped). */
        boolean usesAnyOf(Set<Class<?>> types);

        /** Calls the coordinator back; never blocks. */
        void wake();
    }

    private static final Logger log = LoggerFactory.getLogger(HeadWatcher.class);
    private static final long RETRY_MILLIS = 1_000;

    private final Set<Waiting> waiting = ConcurrentHashMap.newKeySet();
    private Thread thread;
    private volatile boolean closed;

    /** Starts following {@code store}'s head with the first stream that waits. */
    synchronized void register(StreamableMessageSource<TrackedEventMessage<?>> store, Waiting stream) {
        if (closed) {
            return;
        }
        waiting.add(stream);
        if (thread == null) {
            thread = Thread.ofPlatform().name("event-store-head").daemon().start(() -> follow(store));
        }
    }

    void deregister(Waiting stream) {
        waiting.remove(stream);
    }

    @Override
    public synchronized void close() {
        closed = true;
        waiting.clear();
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void follow(StreamableMessageSource<TrackedEventMessage<?>> store) {
        BlockingStream<TrackedEventMessage<?>> head = null;
        try {
            while (!closed) {
                try {
                    if (head == null) {
                        head = store.openStream(store.createHeadToken());
                    }
                    if (head.hasNextAvailable(1, TimeUnit.SECONDS)) {
                        wakeUsersOf(appended(head));
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // the store is unreachable for now: coordinators still look on their own every second
                    log.warn("cannot follow the event store's head, trying again in {} ms: {}", RETRY_MILLIS,
                            e.toString());
                    closeQuietly(head);
                    head = null;
                    Thread.sleep(RETRY_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(head);
        }
    }

    /** The types of every event available now. */
    private static Set<Class<?>> appended(BlockingStream<TrackedEventMessage<?>> head) throws InterruptedException {
        Set<Class<?>> types = new HashSet<>();
        do {
            types.add(head.nextAvailable().getPayloadType());
        } while (head.hasNextAvailable());
        return types;
    }

    void wakeUsersOf(Set<Class<?>> types) {
        for (Waiting stream : waiting) {
            if (stream.usesAnyOf(types)) {
                stream.wake();
            }
        }
    }

    private static void closeQuietly(BlockingStream<?> stream) {
        if (stream != null) {
            try {
                stream.close();
            } catch (RuntimeException e) {
                log.debug("closing the head stream failed", e);
            }
        }
    }
}
