package io.orderflow.query.supplier;

import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.coreapi.supplier.SupplierDirectoryChanged;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens to the supplier directory's change announcements, so that what routing keeps of it in memory is read again
 * after every change on any node. A reader notes the {@link #generation()} before it reads the database and keeps
 * what it read only for that generation; while not listening (starting, reconnecting) nothing is kept at all.
 * Every change is also told on this node as a {@link SupplierDirectoryChanged} (backorders may be able to go now).
 */
@Component
public class DirectoryChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectoryChanges.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    /** How long a wait for notifications lasts: the listener notices within this that it should stop. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final ApplicationEventPublisher changes;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean running;
    private volatile Thread thread;

    DirectoryChanges(DataSource dataSource, ApplicationEventPublisher changes) {
        this.dataSource = dataSource;
        this.changes = changes;
    }

    /** The current generation, or -1 while changes could be missed (nothing may be kept then). */
    public long generation() {
        return listening ? generation.get() : -1;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("supplier-directory-changes").start(this::listen);
    }

    private void listen() {
        boolean listenedBefore = false;
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ChangeChannel.SUPPLIER_DIRECTORY.name());
                }
                var postgres = connection.unwrap(PGConnection.class);
                generation.incrementAndGet();
                listening = true;
                if (listenedBefore) {
                    // a supplier may have been reactivated while nobody listened
                    changes.publishEvent(SupplierDirectoryChanged.everything("supplier directory listened to again"));
                }
                listenedBefore = true;
                while (running) {
                    var notifications = postgres.getNotifications((int) POLL.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        generation.incrementAndGet();
                        // after the cache is dropped: whoever acts on the change reads the directory as it is now
                        for (PGNotification notification : notifications) {
                            changes.publishEvent(SupplierDirectoryChanged.fromPayload(notification.getParameter(),
                                    "supplier directory changed"));
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("not listening to supplier directory changes, reconnecting: {}", e.toString());
                }
            } finally {
                listening = false;
                generation.incrementAndGet();
            }
            if (running) {
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Not interrupted: pgjdbc closes a connection whose thread is interrupted in a read, and the pool then logs it as
     * broken. The listener sees {@code running} turn false within one poll and returns its connection.
     */
    @Override
    public void stop() {
        running = false;
        var current = thread;
        if (current != null) {
            try {
                current.join(POLL.multipliedBy(4));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
