package io.orderflow.infra.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.orderflow.infra.embedded.EmbeddedPostgres;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Idempotency records expire after the retention and are purged in batches (issue 13), on a real PostgreSQL. */
class IdempotencyRetentionIT {

    static DriverManagerDataSource dataSource;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startPostgres() {
        var postgres = MigratedPostgres.shared();
        dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME,
                EmbeddedPostgres.PASSWORD);
        jdbc = new JdbcTemplate(dataSource);
    }

    @BeforeEach
    void emptyTable() {
        jdbc.update("TRUNCATE idempotency_record");
    }

    @Test
    void recordsOlderThanTheRetentionArePurgedInBatchesAndRecentOnesKept() {
        records("old", 25, "8 days");
        records("just-expired", 2, "7 days 1 minute");
        records("recent", 10, "6 days 23 hours");
        records("new", 5, "0 seconds");

        long purged = retention(Duration.ofDays(7), 4).purgeExpired();

        assertThat(purged).isEqualTo(27);
        assertThat(jdbc.queryForList("SELECT DISTINCT split_part(idem_key, '-', 1) FROM idempotency_record ORDER BY 1",
                String.class)).isEqualTo(List.of("new", "recent"));
        assertThat(count()).isEqualTo(15);
        // nothing left to do: a second run deletes nothing
        assertThat(retention(Duration.ofDays(7), 4).purgeExpired()).isZero();
    }

    @Test
    void theRetentionIsConfigurable() {
        records("two-hours", 3, "2 hours");
        records("half-hour", 3, "30 minutes");

        assertThat(retention(Duration.ofHours(1), 1000).purgeExpired()).isEqualTo(3);
        assertThat(count()).isEqualTo(3);
    }

    @Test
    void oneNodePurgesAtATime() throws Exception {
        records("old", 5, "30 days");
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            // another node in the middle of a purge batch
            try (var statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + 0x6f66_6964_656d_7031L + ")");
            }
            assertThat(retention(Duration.ofDays(7), 1000).purgeExpired()).isZero();
            assertThat(count()).isEqualTo(5);
            other.rollback();
        }
        assertThat(retention(Duration.ofDays(7), 1000).purgeExpired()).isEqualTo(5);
    }

    @Test
    void thePurgeUsesTheIndexOnCreatedAt() {
        records("old", 2, "8 days");
        // one connection: the setting is per session
        String plan = jdbc.execute((ConnectionCallback<String>) connection -> {
            try (var statement = connection.createStatement()) {
                statement.execute("SET enable_seqscan = off");
                var lines = new StringBuilder();
                try (var rows = statement.executeQuery("""
                        EXPLAIN SELECT ctid FROM idempotency_record
                         WHERE created_at < now() - make_interval(secs => 604800) ORDER BY created_at LIMIT 1000""")) {
                    while (rows.next()) {
                        lines.append(rows.getString(1)).append('\n');
                    }
                }
                statement.execute("RESET enable_seqscan");
                return lines.toString();
            }
        });
        assertThat(plan).contains("idempotency_record_created_at");
    }

    private static IdempotencyRetention retention(Duration retention, int batch) {
        return new IdempotencyRetention(jdbc, new DataSourceTransactionManager(dataSource), retention,
                Duration.ZERO, batch);
    }

    private static void records(String prefix, int n, String age) {
        jdbc.update("""
                INSERT INTO idempotency_record (retailer_id, idem_key, request_hash, state, status_code, response_body,
                                                created_at, completed_at)
                SELECT 'r1', ? || '-' || i, 'h', 'DONE', 201, '{}', now() - ?::interval, now() - ?::interval
                  FROM generate_series(1, ?) AS i""", prefix, age, age, n);
    }

    private static long count() {
        return jdbc.queryForObject("SELECT count(*) FROM idempotency_record", Long.class);
    }
}
