package io.orderflow.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the zonky binaries, keeping its data in a directory that survives restarts.
 * The {@value #DATABASE} database and its owner role are created on first start.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DATABASE = "orderflow";
    public static final String USERNAME = "orderflow";
    public static final String PASSWORD = "orderflow";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** Starts PostgreSQL on {@code port} (0: a free port), reusing the cluster in {@code dataDirectory} if there is one. */
    public static EmbeddedPostgres start(Path dataDirectory, int port) {
        long started = System.nanoTime();
        Path dir = dataDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve("postgresql.conf"))) {
                ensureNotUsedByAnotherProcess(dir);
                stopServerLeftRunning(dir);
            } else if (!isEmpty(dir)) {
                // initdb refuses a non-empty directory, e.g. one left by an initdb that was interrupted
                throw new IllegalStateException(dir + " is neither empty nor a PostgreSQL data directory"
                        + " (no postgresql.conf); delete it or choose another orderflow.embedded.data-dir");
            }
            int listenPort = Ports.resolve(port, "Embedded PostgreSQL", "orderflow.embedded.postgres-port");
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(listenPort)
                    .setRegisterShutdownHook(false)
                    // zonky starts postgres with -F (fsync off) and synchronous_commit=off: fine for throw-away test
                    // databases, not for data that must survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setLocaleConfig("locale", "C")
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
            var postgres = new EmbeddedPostgres(server, dir);
            try {
                postgres.createDatabaseIfMissing();
            } catch (SQLException | RuntimeException e) {
                postgres.close();
                throw e;
            }
            log.info("Embedded PostgreSQL listening on localhost:{} (database {}, user {}), data in {} (started in {} ms)",
                    listenPort, DATABASE, USERNAME, dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL in " + dir
                    + " (PostgreSQL's own output is logged by io.zonky.test.db.postgres at INFO)", e);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the " + DATABASE + " database in " + dir, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Fast shutdown: open sessions are ended, committed work is on disk. */
    @Override
    public void close() {
        try {
            server.close();
            log.info("Embedded PostgreSQL on localhost:{} stopped", port());
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL on localhost:{} did not stop cleanly", port(), e);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = server.getPostgresDatabase().getConnection()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", USERNAME)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE ROLE " + USERNAME + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", DATABASE)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
                }
            }
        }
    }

    private static boolean exists(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    // zonky holds this lock while its postgres runs; taking it briefly tells us whether another JVM owns the directory.
    private static void ensureNotUsedByAnotherProcess(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve("epg-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("Embedded PostgreSQL data in " + dir
                        + " is in use by another process; stop it or choose another orderflow.embedded.data-dir");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("Embedded PostgreSQL data in " + dir + " is already in use in this JVM", e);
        }
    }

    /*
     * pg_ctl detaches postgres from the JVM, so a JVM that was killed (kill -9, IDE stop button) leaves the server
     * running and holding the data directory. Nobody else holds the directory's lock, so it is ours to stop (SIGINT:
     * PostgreSQL's fast shutdown).
     */
    private static void stopServerLeftRunning(Path dir) throws IOException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 2 || !Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(dir)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        var process = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        if (process.isEmpty()) {
            return;
        }
        log.warn("Stopping the PostgreSQL server (pid {}) that a previous run left running on {}", pid, dir);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + pid, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the PostgreSQL server (pid " + pid + ") left running on "
                    + dir + "; stop it by hand", e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[localhost:" + port() + ", " + dataDirectory + "]";
    }
}
