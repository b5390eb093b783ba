package io.orderflow.infra.routing;

import io.orderflow.coreapi.shared.ChangeChannel;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens to the supplier directory's change announcements, so that what routing keeps of it in memory is read again
 * after every change on any node. A reader notes the {@link #generation()} before it reads the database and keeps
 * what it read only for that generation; while not listening (starting, reconnecting) nothing is kept at all.
 */
@Component
class DirectoryChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectoryChanges.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final AtomicLong generation = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean running;
    private volatile Thread thread;

    DirectoryChanges(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The current generation, or -1 while changes could be missed (nothing may be kept then). */
    long generation() {
        return listening ? generation.get() : -1;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("supplier-directory-changes").start(this::listen);
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ChangeChannel.SUPPLIER_DIRECTORY.name());
                }
                var postgres = connection.unwrap(PGConnection.class);
                generation.incrementAndGet();
                listening = true;
                while (running) {
                    var notifications = postgres.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        generation.incrementAndGet();
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
            sleep();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(RECONNECT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        var current = thread;
        if (current != null) {
            current.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
