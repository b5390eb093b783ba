package io.orderflow.bench.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.regex.Pattern;

import org.HdrHistogram.Recorder;
import org.postgresql.PGConnection;

/**
 * Read-model lag as a client of the order view sees it: the projection announces every change of an order view with
 * pg_notify when its transaction commits, carrying the view (whose updatedAt is the time of the event it applied);
 * the lag is the time from that event to the announcement's arrival here.
 */
final class ViewLag implements Runnable, AutoCloseable {

    private static final Pattern UPDATED_AT = Pattern.compile("\"updatedAt\"\\s*:\\s*\"([^\"]+)\"");

    private final Connection connection;
    private volatile boolean running = true;
    private volatile boolean recording;
    /** Milliseconds from the event to the view change reaching a listener, in the current interval. */
    final Recorder lag = new Recorder(3);
    private final Thread thread;

    ViewLag(String jdbcUrl) throws SQLException {
        connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER, ServiceUnderTest.DB_PASSWORD);
        try (var statement = connection.createStatement()) {
            statement.execute("LISTEN order_view_changed");
        }
        thread = Thread.ofPlatform().daemon().name("view-lag").start(this);
    }

    void record(boolean on) {
        recording = on;
    }

    @Override
    public void run() {
        var pg = unwrap();
        while (running) {
            try {
                var notifications = pg.getNotifications(500);
                long now = System.currentTimeMillis();
                if (notifications == null || !recording) {
                    continue;
                }
                for (var notification : notifications) {
                    var matcher = UPDATED_AT.matcher(notification.getParameter());
                    if (matcher.find()) {
                        lag.recordValue(Math.max(0, now - Instant.parse(matcher.group(1)).toEpochMilli()));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    System.err.println("view lag listener: " + e);
                }
                return;
            }
        }
    }

    private PGConnection unwrap() {
        try {
            return connection.unwrap(PGConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        running = false;
        thread.join(2000);
        connection.close();
    }
}
