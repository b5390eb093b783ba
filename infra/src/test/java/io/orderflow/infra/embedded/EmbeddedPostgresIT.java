package io.orderflow.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {

    @TempDir
    Path dataDir;

    @Test
    void keepsCommittedRowsAcrossARestartOnTheSameDataDirectory() throws SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0);
             Connection connection = connect(postgres);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (id int PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO survivor VALUES (1, 'still here')");
        }

        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0);
             Connection connection = connect(postgres);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM survivor WHERE id = 1")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void servesTheOrderflowDatabaseAsItsOwnerWithDurableCommits() throws SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir, 0);
             Connection connection = connect(postgres);
             Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT current_database()")).isEqualTo("orderflow");
            assertThat(single(statement, "SELECT current_user")).isEqualTo("orderflow");
            assertThat(single(statement, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'orderflow'"))
                    .isEqualTo("orderflow");
            assertThat(single(statement, "SHOW server_version")).startsWith("17.");
            assertThat(single(statement, "SHOW fsync")).isEqualTo("on");
            assertThat(single(statement, "SHOW synchronous_commit")).isEqualTo("on");
            statement.execute("CREATE TABLE owned_by_orderflow (id int)");
        }
    }

    @Test
    void refusesADataDirectoryThatIsAlreadyInUse() {
        try (EmbeddedPostgres ignored = EmbeddedPostgres.start(dataDir, 0)) {
            assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, 0))
                    .hasMessageContaining("already in use");
        }
    }

    private static Connection connect(EmbeddedPostgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME, EmbeddedPostgres.PASSWORD);
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
