package io.orderflow.infra.failure;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void aLostConnectionOrAnUnreachableDatabaseOrBrokerIsTransient() {
        assertThat(Failures.isTransient(new UncategorizedSQLException("insert", "INSERT ...",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(Failures.isTransient(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(Failures.isTransient(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("saga handler failed",
                new org.axonframework.common.lock.DeadlockException("an imminent deadlock")))).isTrue();
        assertThat(Failures.isTransient(new DataAccessResourceFailureException("no connection"))).isTrue();
        assertThat(Failures.isTransient(new IllegalStateException("wrapped",
                new SQLTransientConnectionException("pool exhausted")))).isTrue();
        assertThat(Failures.isTransient(new org.apache.kafka.common.errors.TimeoutException("broker away"))).isTrue();
        assertThat(Failures.isTransient(new Failures.TransientFailure("publishing failed", null))).isTrue();
    }

    @Test
    void whatTheDataCausesIsNotTransient() {
        assertThat(Failures.isTransient(new UncategorizedSQLException("insert", "INSERT ...",
                new SQLException("ERROR: poisoned", "P0001")))).isFalse();
        assertThat(Failures.isTransient(new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00",
                "22021"))).isFalse();
        assertThat(Failures.isTransient(new SQLException("current transaction is aborted", "25P02"))).isFalse();
        assertThat(Failures.isTransient(new IllegalArgumentException("more shipped than allocated"))).isFalse();
        assertThat(Failures.isTransient(new Failures.Poison("refused", null))).isFalse();
    }

    /** A supplier that cannot be reached is the dispatcher's to judge: it may have to park the submission. */
    @Test
    void anUnreachableSupplierIsNotTransientHere() {
        assertThat(Failures.isTransient(new IllegalStateException("may already exist",
                new ResourceAccessException("I/O error", new java.net.ConnectException("refused"))))).isFalse();
    }

    @Test
    void aDescriptionIsTheDatabaseErrorsFirstLineWithoutControlCharacters() {
        var failure = new UncategorizedSQLException("PreparedStatementCallback", "INSERT INTO order_view\n VALUES (?)",
                new SQLException("ERROR: poisoned by a test\n  Detail: Failing row contains (Ana Example, Berlin)",
                        "P0001"));
        assertThat(Failures.describe(failure)).isEqualTo("SQL state P0001: ERROR: poisoned by a test");
        assertThat(Failures.describe(new IllegalArgumentException("bad sku a\u0000b\nsecond line")))
                .isEqualTo("bad sku a?b");
        assertThat(Failures.describe(new IllegalStateException("x".repeat(5000)))).hasSize(1024);
        assertThat(Failures.describe(new NullPointerException())).isEqualTo("java.lang.NullPointerException");
    }
}
