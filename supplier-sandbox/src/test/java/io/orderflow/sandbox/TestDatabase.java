package io.orderflow.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** One embedded PostgreSQL per test JVM; every test gets a database of its own in it. */
final class TestDatabase {

    private static final EmbeddedPostgres POSTGRES = start();
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private TestDatabase() {}

    static DataSource fresh() {
        return POSTGRES.getDatabase("postgres", create());
    }

    static String freshJdbcUrl() {
        return POSTGRES.getJdbcUrl("postgres", create());
    }

    private static String create() {
        String name = "sandbox_test_" + DATABASES.incrementAndGet();
        try (Connection connection = POSTGRES.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return name;
    }

    private static EmbeddedPostgres start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    // test data is thrown away: durability only costs time here
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away anyway
                }
            }));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
