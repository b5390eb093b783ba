package io.orderflow.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import io.r2dbc.spi.ConnectionFactories;
import org.flywaydb.core.Flyway;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * One embedded PostgreSQL per test JVM with every migration applied, for the store tests that need the real schema
 * but no application: started by the first test that asks, stopped when the JVM ends. Each test empties the tables
 * it uses.
 */
public final class MigratedPostgres {

    private static EmbeddedPostgres shared;

    private MigratedPostgres() {
    }

    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            try {
                var dataDir = Files.createTempDirectory("orderflow-store-tests");
                var postgres = EmbeddedPostgres.start(dataDir, 0);
                Flyway.configure()
                        .dataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME, EmbeddedPostgres.PASSWORD)
                        .locations("classpath:db/migration")
                        .load()
                        .migrate();
                Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "migrated-postgres-stop"));
                shared = postgres;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A reactive client of the shared database, as the stores use one. */
    public static DatabaseClient r2dbc() {
        var postgres = shared();
        return DatabaseClient.create(ConnectionFactories.get("r2dbc:postgresql://" + EmbeddedPostgres.USERNAME + ":"
                + EmbeddedPostgres.PASSWORD + "@localhost:" + postgres.port() + "/" + EmbeddedPostgres.DATABASE));
    }
}
