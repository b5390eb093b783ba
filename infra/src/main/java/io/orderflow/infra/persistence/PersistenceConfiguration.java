package io.orderflow.infra.persistence;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * JDBC for the event store, Axon's other stores and the projections; R2DBC (Boot's auto-configuration,
 * from spring.r2dbc.*) for reads. Boot skips the JDBC DataSource once R2DBC is present, so it is
 * declared here.
 */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    DataSource dataSource(@Value("${orderflow.db.url}") String url,
                          @Value("${orderflow.db.username}") String username,
                          @Value("${orderflow.db.password}") String password,
                          @Value("${orderflow.db.pool-size:16}") int poolSize) {
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("orderflow-jdbc");
        // a JDBC batch of inserts (events of a unit of work, projection rows, audit chain links) goes to PostgreSQL
        // as multi-row INSERTs, not one statement each
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new LazyPool(new HikariDataSource(config));
    }

    /**
     * The pool, handed out lazily: a transaction takes a pooled connection at its first statement, not when it
     * begins. A processor's batch begins its transaction before its handlers run, and some handlers wait a long time
     * before they write (supplier dispatch for the supplier's answer, the event publisher for Kafka's): with the
     * connection taken at the start, they held it idle through the wait, and at 30 orders/s all 16 were taken while
     * 20 to 60 threads waited for one (bench/README.md, "2026-12-07, evening"). Nothing else changes: what a
     * transaction writes still commits or rolls back as one, on one connection.
     */
    static final class LazyPool extends LazyConnectionDataSourceProxy implements AutoCloseable {

        LazyPool(HikariDataSource pool) {
            super(pool);
        }

        @Override
        public void close() {
            ((HikariDataSource) obtainTargetDataSource()).close();
        }
    }

    /**
     * Commands dispatched while another is handled join its unit of work and its transaction. A nested
     * command that fails has written nothing (Axon stages its events on the outer unit of work and
     * drops them), so its failure must not doom the outer transaction: hence no global rollback on
     * participation failure.
     */
    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        var manager = new JdbcTransactionManager(dataSource);
        manager.setGlobalRollbackOnParticipationFailure(false);
        return manager;
    }
}
