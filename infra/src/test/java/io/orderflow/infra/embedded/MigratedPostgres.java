package io.orderflow.infra.embedded;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;

/** For tests of the stores: an embedded PostgreSQL in a directory of the test's own, with every migration applied. */
public final class MigratedPostgres {

    private MigratedPostgres() {
    }

    public static EmbeddedPostgres start(Path dataDir) {
        var postgres = EmbeddedPostgres.start(dataDir, 0);
        Flyway.configure()
                .dataSource(postgres.jdbcUrl(), EmbeddedPostgres.USERNAME, EmbeddedPostgres.PASSWORD)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return postgres;
    }
}
