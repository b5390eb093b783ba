package io.orderflow.infra.idempotency;

import java.time.Duration;
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
 * Idempotency records expire: every {@code orderflow.idempotency.purge-interval} (default 1 hour; zero or negative
 * switches purging off) the records claimed more than {@code orderflow.idempotency.retention} ago (default 7 days)
 * are deleted, {@code orderflow.idempotency.purge-batch} rows (default 1,000) per transaction, so that no purge
 * holds locks or a large transaction open against order placement. A key used again after its record expired is
 * a new request; a repeated order is still caught by its external order id.
 *
 * <p>Every node ticks, but one purges at a time: each batch first takes a PostgreSQL advisory lock for its
 * transaction, as the audit sealer does; a node that does not get it leaves the batch to the one that did.
 */
@Component
class IdempotencyRetention implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyRetention.class);
    private static final long LOCK = 0x6f66_6964_656d_7031L;

    // ctid: no key needed to delete a batch, and the index on created_at finds the oldest rows first
    private static final String PURGE = """
            DELETE FROM idempotency_record
             WHERE ctid IN (SELECT ctid FROM idempotency_record
                             WHERE created_at < now() - make_interval(secs => ?)
                             ORDER BY created_at
                             LIMIT ?)""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Duration retention;
    private final Duration interval;
    private final int batch;
    private volatile ScheduledExecutorService executor;

    IdempotencyRetention(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                         @Value("${orderflow.idempotency.retention:7d}") Duration retention,
                         @Value("${orderflow.idempotency.purge-interval:1h}") Duration interval,
                         @Value("${orderflow.idempotency.purge-batch:1000}") int batch) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("orderflow.idempotency.retention must be positive, was " + retention);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("orderflow.idempotency.purge-batch must be positive, was " + batch);
        }
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.retention = retention;
        this.interval = interval;
        this.batch = batch;
    }

    @Override
    public void start() {
        if (interval.isNegative() || interval.isZero()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("idempotency-purge").factory());
        executor.scheduleWithFixedDelay(this::purgeSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void purgeSafely() {
        try {
            long purged = purgeExpired();
            if (purged > 0) {
                log.info("Purged {} idempotency records older than {}", purged, retention);
            }
        } catch (RuntimeException e) {
            log.warn("Purging idempotency records failed, retrying at the next interval: {}", e.toString());
        }
    }

    /** Deletes every expired record, batch by batch. Answers how many rows this node deleted. */
    long purgeExpired() {
        long total = 0;
        Integer deleted;
        do {
            deleted = transactions.execute(tx -> purgeBatch());
            total += deleted == null || deleted < 0 ? 0 : deleted;
        } while (deleted != null && deleted == batch);
        return total;
    }

    /** One transaction: at most one batch. Answers the rows deleted, or -1 when another node holds the lock. */
    private int purgeBatch() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
            return -1;
        }
        return jdbc.update(PURGE, retention.toMillis() / 1000.0, batch);
    }

    @Override
    public void stop() {
        var running = executor;
        executor = null;
        if (running != null) {
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
