package io.orderflow.bench.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import org.HdrHistogram.Recorder;

/**
 * Reads what the service did from PostgreSQL, never through the service: when each order's allocations were
 * accepted (from the event store), how far each event processor is behind the head (from its tokens), and how many
 * transactions PostgreSQL committed.
 */
final class EventStoreWatch implements AutoCloseable {

    private static final String SELECTED = "io.orderflow.coreapi.order.SupplierSelectedEvent";
    private static final String ACCEPTED = "io.orderflow.coreapi.order.SupplierOrderAcceptedEvent";
    private static final Pattern INDEX = Pattern.compile("\"index\"\\s*:\\s*(-?\\d+)");
    /**
     * How long an index skipped by a read is looked for again: a transaction may commit a lower index late (the saga's
     * batch appends its commands' events early and commits them at its end), or never (a rolled-back append).
     */
    private static final long GAP_TIMEOUT_MILLIS = 60_000;

    private final Connection connection;
    private final Map<String, Long> dueAt;
    private final Map<String, int[]> allocations = new HashMap<>();
    private final IndexGaps gaps;

    /** Placement-to-acceptance latency (milliseconds) of the current interval. */
    final Recorder acceptance = new Recorder(3);
    final LongAdder accepted = new LongAdder();
    /** Orders accepted per second of the run (epoch second → count), for throughput over time. */
    final Map<Long, LongAdder> acceptedPerSecond = new ConcurrentHashMap<>();
    final Set<String> acceptedOrders = ConcurrentHashMap.newKeySet();

    EventStoreWatch(String jdbcUrl, Map<String, Long> dueAt) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER, ServiceUnderTest.DB_PASSWORD);
        this.connection.setAutoCommit(true);
        this.dueAt = dueAt;
        this.gaps = new IndexGaps(head(), GAP_TIMEOUT_MILLIS);
    }

    long head() throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT coalesce(max(globalindex), 0) FROM domainevententry")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Global indexes the run's appends took and never committed (rolled-back appends: a conflict retried, a deadlock):
     * the gaps every tracking token must wait for and then skip, between {@code from} (exclusive) and the head.
     */
    long gapsAfter(long from) throws SQLException {
        try (var statement = connection.prepareStatement(
                "SELECT coalesce(max(globalindex), ?) - ? - count(*) FROM domainevententry WHERE globalindex > ?")) {
            statement.setLong(1, from);
            statement.setLong(2, from);
            statement.setLong(3, from);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    long commits() throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery(
                     "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Rows inserted, updated and deleted in the database so far: what PostgreSQL writes, in rows. */
    long rowWrites() throws SQLException {
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     SELECT tup_inserted + tup_updated + tup_deleted FROM pg_stat_database
                     WHERE datname = current_database()""")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Reads the selections and acceptances appended since the last poll, and those that filled a gap behind it. */
    synchronized void poll() throws SQLException {
        long now = System.currentTimeMillis();
        try (var statement = connection.prepareStatement("""
                SELECT globalindex, aggregateidentifier, payloadtype, "timestamp" FROM domainevententry
                WHERE globalindex > ? ORDER BY globalindex""")) {
            statement.setLong(1, gaps.highest());
            read(statement, now);
        }
        gaps.expire(now);
        Long[] open = gaps.open();
        if (open.length > 0) {
            try (var statement = connection.prepareStatement("""
                    SELECT globalindex, aggregateidentifier, payloadtype, "timestamp" FROM domainevententry
                    WHERE globalindex = ANY (?)""")) {
                statement.setArray(1, connection.createArrayOf("bigint", open));
                read(statement, now);
            }
        }
    }

    private void read(PreparedStatement statement, long now) throws SQLException {
        try (var rows = statement.executeQuery()) {
            while (rows.next()) {
                gaps.read(rows.getLong(1), now);
                String type = rows.getString(3);
                if (!SELECTED.equals(type) && !ACCEPTED.equals(type)) {
                    continue;
                }
                String order = rows.getString(2);
                Long due = dueAt.get(order);
                if (due == null) {
                    continue;
                }
                int[] counts = allocations.computeIfAbsent(order, o -> new int[2]);
                if (SELECTED.equals(type)) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    if (counts[1] >= counts[0] && acceptedOrders.add(order)) {
                        long at = Instant.parse(rows.getString(4)).toEpochMilli();
                        acceptance.recordValue(Math.max(0, at - due));
                        accepted.increment();
                        acceptedPerSecond.computeIfAbsent(at / 1000, s -> new LongAdder()).increment();
                    }
                }
            }
        }
    }

    /** When each order of the run reached each stage on its way to acceptance. */
    synchronized OrderStages stagesAfter(long fromIndex) throws SQLException {
        return OrderStages.read(connection, fromIndex);
    }

    /**
     * How far behind the embedded sandbox's webhooks were, for those due in [from, to) (epoch ms): from due to
     * happened (its lifecycle loop) and from happened to delivered (its sender, orderflow's ingress answering), p50
     * and p99 in ms; empty when the database holds no sandbox (a target with a sandbox elsewhere).
     */
    synchronized Map<String, Object> sandboxDelays(long from, long to) {
        try (var statement = connection.prepareStatement("""
                WITH d AS (SELECT extract(epoch FROM occurred_at - due_at) * 1000 AS happened,
                                  extract(epoch FROM sent_at - occurred_at) * 1000 AS delivered
                           FROM sandbox.webhook_delivery
                           WHERE due_at >= to_timestamp(? / 1000.0) AND due_at < to_timestamp(? / 1000.0)
                             AND sent_at IS NOT NULL AND NOT cancelled)
                SELECT count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY happened),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY happened),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY delivered),
                       percentile_cont(0.99) WITHIN GROUP (ORDER BY delivered) FROM d""")) {
            statement.setLong(1, from);
            statement.setLong(2, to);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return Map.of("webhooks", rows.getLong(1),
                        "dueToHappened", Map.of("p50", Math.round(rows.getDouble(2)), "p99", Math.round(rows.getDouble(3))),
                        "happenedToDelivered", Map.of("p50", Math.round(rows.getDouble(4)),
                                "p99", Math.round(rows.getDouble(5))));
            }
        } catch (SQLException e) {
            return Map.of();
        }
    }

    /** Per processor, how many events its slowest segment is behind the head. */
    synchronized Map<String, Long> processorLag() throws SQLException {
        long head = head();
        var lowest = new TreeMap<String, Long>();
        try (var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT processorname, token FROM tokenentry")) {
            while (rows.next()) {
                byte[] token = rows.getBytes(2);
                long index = -1;
                if (token != null) {
                    var matcher = INDEX.matcher(new String(token, java.nio.charset.StandardCharsets.UTF_8));
                    while (matcher.find()) {
                        index = Math.max(index, Long.parseLong(matcher.group(1)));
                    }
                }
                lowest.merge(rows.getString(1), index, Math::min);
            }
        }
        var lag = new TreeMap<String, Long>();
        lowest.forEach((processor, index) -> lag.put(processor, Math.max(0, head - index)));
        return lag;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
