package io.orderflow.bench.load;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * PostgreSQL's own one-row commit rate on the same server, in the same run: 16 clients, each committing one INSERT
 * per transaction, as fast as they can. Measured with pgbench when it is installed, and always with 16 JDBC
 * connections from this JVM (which is what a Java service can get at best).
 */
final class CommitYardstick {

    private static final int CLIENTS = 16;
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");

    record Result(double jdbcCommitsPerSecond, Double pgbenchCommitsPerSecond) {
    }

    static Result measure(String jdbcUrl, Duration duration) throws SQLException, InterruptedException {
        try (var connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER, ServiceUnderTest.DB_PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS bench_yardstick (id bigserial PRIMARY KEY, "
                    + "at timestamptz NOT NULL DEFAULT now())");
        }
        Double pgbench = pgbench(jdbcUrl, duration);
        var commits = new LongAdder();
        long end = System.nanoTime() + duration.toNanos();
        var clients = new ArrayList<Thread>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try (var connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER,
                        ServiceUnderTest.DB_PASSWORD);
                     var insert = connection.prepareStatement("INSERT INTO bench_yardstick DEFAULT VALUES")) {
                    while (System.nanoTime() < end) {
                        insert.executeUpdate();
                        commits.increment();
                    }
                } catch (SQLException e) {
                    System.err.println("yardstick client: " + e);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        try (var connection = DriverManager.getConnection(jdbcUrl, ServiceUnderTest.DB_USER, ServiceUnderTest.DB_PASSWORD);
             var statement = connection.createStatement()) {
            statement.execute("DROP TABLE bench_yardstick");
        }
        return new Result(commits.sum() / (duration.toMillis() / 1000.0), pgbench);
    }

    private static Double pgbench(String jdbcUrl, Duration duration) {
        try {
            var url = URI.create(jdbcUrl.substring("jdbc:".length()));
            Path script = Files.createTempFile("yardstick", ".sql");
            Files.writeString(script, "INSERT INTO bench_yardstick DEFAULT VALUES;\n");
            var builder = new ProcessBuilder("pgbench", "-n", "-c", Integer.toString(CLIENTS), "-j", "2",
                    "-T", Long.toString(duration.toSeconds()), "-f", script.toString(), "-h", url.getHost(),
                    "-p", Integer.toString(url.getPort()), "-U", ServiceUnderTest.DB_USER, url.getPath().substring(1))
                    .redirectErrorStream(true);
            builder.environment().put("PGPASSWORD", ServiceUnderTest.DB_PASSWORD);
            var process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            var matcher = TPS.matcher(output);
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
