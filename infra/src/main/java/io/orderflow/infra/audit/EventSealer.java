package io.orderflow.infra.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sealing processor. Folds every settled event, in global-index order, into the audit hash chain
 * ({@link AuditChainHash}): one chain row per event, so that verification can name the exact event that no longer
 * matches. Every {@code seal-every} events or {@code seal-interval}, it stores a seal: the chain's hash at that point
 * and exactly which events it covers (the range of global positions, the first and last index and the count; the
 * positions in the range without an event are gaps that can no longer fill, see {@link SettledHorizon}).
 *
 * Not an Axon tracking processor on purpose: a tracking token delivers a late-filled gap after events with higher
 * indexes, and a chain folded in delivery order could not be recomputed from the stored events. One node at a time
 * writes the chain (a PostgreSQL advisory lock per transaction); every node may try.
 */
@Component
class EventSealer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventSealer.class);
    private static final long LOCK = 0x6f66_6175_6469_7431L;
    private static final int CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final boolean enabled;
    private final Duration tick;
    private final long sealEvery;
    private final Duration sealInterval;
    private final SettledHorizon horizon = new SettledHorizon();
    private volatile ScheduledExecutorService executor;

    EventSealer(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock,
                @Value("${orderflow.audit.sealer.enabled:true}") boolean enabled,
                @Value("${orderflow.audit.sealer.tick:1s}") Duration tick,
                @Value("${orderflow.audit.seal-every:10000}") long sealEvery,
                @Value("${orderflow.audit.seal-interval:10s}") Duration sealInterval) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
        this.enabled = enabled;
        this.tick = tick;
        this.sealEvery = sealEvery;
        this.sealInterval = sealInterval;
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("audit-sealer").factory());
        executor.scheduleWithFixedDelay(this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tickSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("audit sealing failed, retrying at the next tick: {}", e.toString());
        }
    }

    /** Chains everything settled so far and seals when due. Answers the position chained through. */
    long runOnce() {
        long settled = horizon.advance(jdbc);
        Long chained;
        do {
            chained = transactions.execute(tx -> chainChunk(settled));
        } while (chained != null && chained < settled);
        transactions.executeWithoutResult(tx -> sealIfDue());
        return chained == null ? -1 : chained;
    }

    private boolean locked() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK));
    }

    /** One transaction: at most CHUNK events. Answers the position chained through, or null without the lock. */
    private Long chainChunk(long settled) {
        if (!locked()) {
            return null;
        }
        var state = jdbc.queryForObject("SELECT chained_through, last_hash FROM audit_chain_state WHERE id = 1",
                (rs, i) -> new ChainState(rs.getLong(1), rs.getBytes(2)));
        if (settled <= state.chainedThrough()) {
            return state.chainedThrough();
        }
        jdbc.update("UPDATE audit_chain_state SET settled_position = greatest(settled_position, ?) WHERE id = 1",
                settled);
        List<StoredEventRow> events = jdbc.query("SELECT " + StoredEventRow.COLUMNS + """
                         FROM domainevententry WHERE globalindex > ? AND globalindex <= ?
                        ORDER BY globalindex LIMIT ?""",
                (rs, i) -> StoredEventRow.read(rs), state.chainedThrough(), settled, CHUNK);
        byte[] hash = state.lastHash();
        var rows = new ArrayList<Object[]>(events.size());
        for (StoredEventRow event : events) {
            hash = AuditChainHash.next(hash, event);
            rows.add(new Object[] {event.globalIndex(), event.eventId(), hash});
        }
        jdbc.batchUpdate("INSERT INTO audit_chain (global_index, event_id, hash) VALUES (?, ?, ?)", rows);
        long through = events.size() < CHUNK ? settled : events.getLast().globalIndex();
        jdbc.update("UPDATE audit_chain_state SET chained_through = ?, last_hash = ? WHERE id = 1", through, hash);
        return through;
    }

    private void sealIfDue() {
        if (!locked()) {
            return;
        }
        var state = jdbc.queryForObject("SELECT chained_through, last_hash FROM audit_chain_state WHERE id = 1",
                (rs, i) -> new ChainState(rs.getLong(1), rs.getBytes(2)));
        var last = jdbc.query("""
                        SELECT seal_no, covered_through, hash, sealed_at FROM audit_seal ORDER BY seal_no DESC LIMIT 1""",
                (rs, i) -> new LastSeal(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getTimestamp(4).toInstant()))
                .stream().findFirst()
                .orElse(new LastSeal(0, 0, AuditChainHash.GENESIS, Instant.EPOCH));
        if (state.chainedThrough() <= last.coveredThrough()) {
            return;
        }
        var covered = jdbc.queryForObject("""
                        SELECT count(*), min(global_index), max(global_index) FROM audit_chain
                        WHERE global_index > ? AND global_index <= ?""",
                (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
                last.coveredThrough(), state.chainedThrough());
        Instant now = clock.instant();
        boolean due = covered[0] >= sealEvery || !now.isBefore(last.sealedAt().plus(sealInterval));
        if (covered[0] == 0 || !due) {
            return;
        }
        jdbc.update("""
                        INSERT INTO audit_seal (seal_no, covered_from, covered_through, first_index, last_index, event_count,
                                                previous_hash, hash, sealed_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                last.sealNo() + 1, last.coveredThrough(), state.chainedThrough(), covered[1], covered[2], covered[0],
                last.hash(), state.lastHash(), java.sql.Timestamp.from(now));
    }

    @Override
    public void stop() {
        var current = executor;
        if (current != null) {
            current.shutdownNow();
            try {
                current.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    private record ChainState(long chainedThrough, byte[] lastHash) {
    }

    private record LastSeal(long sealNo, long coveredThrough, byte[] hash, Instant sealedAt) {
    }
}
