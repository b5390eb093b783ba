package io.orderflow.infra.apikey;

import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.infra.cluster.ConditionalOnRole;
import io.orderflow.infra.cluster.NodeRole;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@link ChangeChannel#API_KEYS}, where every node announces the keys it revoked or rotated, and makes this
 * node's {@link R2dbcApiKeyStore} drop the lookups it keeps; while not listening, the store keeps none. Only where keys
 * are taken: a node without the gateway holds no connection for it.
 */
@Component
@ConditionalOnRole(NodeRole.GATEWAY)
class ApiKeyChanges implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyChanges.class);
    private static final Duration RECONNECT = Duration.ofSeconds(1);
    /** How long a wait for notifications lasts: the listener notices within this that it should stop. */
    private static final Duration POLL = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final R2dbcApiKeyStore keys;
    private volatile boolean running;
    private volatile Thread thread;

    ApiKeyChanges(DataSource dataSource, R2dbcApiKeyStore keys) {
        this.dataSource = dataSource;
        this.keys = keys;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("api-key-changes").start(this::listen);
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (var statement = connection.createStatement()) {
                    statement.execute("LISTEN " + ChangeChannel.API_KEYS.name());
                }
                var postgres = connection.unwrap(PGConnection.class);
                keys.listening(true);
                while (running) {
                    var notifications = postgres.getNotifications((int) POLL.toMillis());
                    if (notifications != null && notifications.length > 0) {
                        keys.forgetAll();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("not listening to API key changes (keys are looked up on every request), reconnecting: {}",
                            e.toString());
                }
            } finally {
                keys.listening(false);
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

    /** Not interrupted: pgjdbc closes a connection whose thread is interrupted in a read (see DirectoryChanges). */
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
