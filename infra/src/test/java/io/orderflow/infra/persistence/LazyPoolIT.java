package io.orderflow.infra.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderflow.infra.embedded.EmbeddedPostgres;
import io.orderflow.infra.embedded.MigratedPostgres;

import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The service's JDBC pool as PersistenceConfiguration builds it, on a real PostgreSQL: a transaction takes a pooled
 * connection at its first statement, not when it begins, and still commits or rolls back as one.
 */
class LazyPoolIT {

    private static final int POOL_SIZE = 2;

    static PersistenceConfiguration.LazyPool dataSource;
    static HikariDataSource pool;
    static JdbcTemplate jdbc;
    static TransactionTemplate transaction;

    @BeforeAll
    static void startPool() {
        var postgres = MigratedPostgres.shared();
        var configuration = new PersistenceConfiguration();
        dataSource = (PersistenceConfiguration.LazyPool) configuration.dataSource(postgres.jdbcUrl(),
                EmbeddedPostgres.USERNAME, EmbeddedPostgres.PASSWORD, POOL_SIZE);
        pool = (HikariDataSource) dataSource.getTargetDataSource();
        pool.setConnectionTimeout(2_000);
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(configuration.transactionManager(dataSource));
        jdbc.execute("CREATE TABLE IF NOT EXISTS lazy_pool_probe (id text PRIMARY KEY)");
    }

    @AfterAll
    static void closePool() {
        jdbc.execute("DROP TABLE IF EXISTS lazy_pool_probe");
        dataSource.close();
        assertThat(pool.isClosed()).isTrue();
    }

    @BeforeEach
    void emptyTable() {
        jdbc.update("DELETE FROM lazy_pool_probe");
    }

    @Test
    void aTransactionTakesAConnectionAtItsFirstStatementAndGivesItBackAtTheEnd() {
        transaction.executeWithoutResult(status -> {
            assertThat(active()).as("begun, nothing run yet").isZero();
            jdbc.update("INSERT INTO lazy_pool_probe VALUES ('a')");
            assertThat(active()).as("after the first statement").isEqualTo(1);
            jdbc.update("INSERT INTO lazy_pool_probe VALUES ('b')");
            assertThat(active()).as("the second statement uses the same connection").isEqualTo(1);
        });
        assertThat(active()).isZero();
        assertThat(ids()).containsExactly("a", "b");
    }

    @Test
    void moreTransactionsThanConnectionsCanWaitAtOnceBeforeTheyWrite() throws Exception {
        int transactions = POOL_SIZE * 3;
        var allBegun = new CountDownLatch(transactions);
        var threads = Executors.newFixedThreadPool(transactions);
        try {
            var done = new ArrayList<Future<?>>();
            for (int i = 0; i < transactions; i++) {
                var id = "t" + i;
                done.add(threads.submit(() -> transaction.executeWithoutResult(status -> {
                    // like a dispatcher waiting for a supplier inside its batch: with a connection taken at the
                    // start, only POOL_SIZE could wait here and the rest would time out waiting for the pool
                    allBegun.countDown();
                    try {
                        assertThat(allBegun.await(10, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    jdbc.update("INSERT INTO lazy_pool_probe VALUES (?)", id);
                })));
            }
            for (var future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(ids()).hasSize(transactions);
    }

    @Test
    void aFailureRollsBackEveryStatementOfTheTransaction() {
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO lazy_pool_probe VALUES ('kept-only-if-committed')");
            jdbc.update("INSERT INTO lazy_pool_probe VALUES ('kept-only-if-committed')");
        })).hasMessageContaining("duplicate key");
        assertThat(ids()).isEmpty();
        assertThat(active()).isZero();
    }

    @Test
    void aSeparateTransactionInsideAnotherCommitsOnItsOwn() {
        var separately = new TransactionTemplate(transaction.getTransactionManager());
        separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO lazy_pool_probe VALUES ('outer')");
            separately.executeWithoutResult(inner -> jdbc.update("INSERT INTO lazy_pool_probe VALUES ('inner')"));
            throw new IllegalStateException("the outer transaction fails");
        })).hasMessage("the outer transaction fails");
        assertThat(ids()).containsExactly("inner");
    }

    private static int active() {
        return pool.getHikariPoolMXBean().getActiveConnections();
    }

    private static java.util.List<String> ids() {
        return jdbc.queryForList("SELECT id FROM lazy_pool_probe ORDER BY id", String.class);
    }
}
