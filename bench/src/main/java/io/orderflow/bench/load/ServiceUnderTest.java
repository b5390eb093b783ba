package io.orderflow.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The orderflow under load: the embedded default started here from {@code app/target/orderflow.jar} (its own ports
 * and a fresh data directory, so nothing of a developer's instance is touched), or a running one given by URL.
 */
final class ServiceUnderTest implements AutoCloseable {

    static final String DB_USER = System.getenv().getOrDefault("ORDERFLOW_DB_USER", "orderflow");
    static final String DB_PASSWORD = System.getenv().getOrDefault("ORDERFLOW_DB_PASSWORD", "orderflow");
    /** The sandbox suppliers the catalog scenario registers; an instance given by --target must simulate them too. */
    static final List<String> BENCH_SUPPLIERS = List.of("bench-1", "bench-2", "bench-3", "bench-4", "bench-5", "bench-6");

    final URI base;
    final URI sandbox;
    final String jdbcUrl;
    final Long pid;
    final Path postgresData;
    private final Process process;
    final Path log;

    private ServiceUnderTest(URI base, URI sandbox, String jdbcUrl, Long pid, Path postgresData, Process process,
                             Path log) {
        this.base = base;
        this.sandbox = sandbox;
        this.jdbcUrl = jdbcUrl;
        this.pid = pid;
        this.postgresData = postgresData;
        this.process = process;
        this.log = log;
    }

    static ServiceUnderTest of(LoadOptions options, Path runDirectory) throws IOException, InterruptedException {
        if (options.target() != null) {
            return new ServiceUnderTest(options.target(), options.sandbox(), options.jdbcUrl(), options.servicePid(),
                    options.postgresDataDir() == null ? null : Path.of(options.postgresDataDir()), null, null);
        }
        Path jar = Path.of("app/target/orderflow.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -q -DskipTests package first");
        }
        int appPort = freePort();
        int pgPort = freePort();
        int kafkaPort = freePort();
        int sandboxPort = freePort();
        Path data = Files.createTempDirectory("orderflow-bench-");
        Path log = runDirectory.resolve("service.log");
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : options.serviceJvmOptions().trim().split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + appPort,
                "--orderflow.embedded.data-dir=" + data,
                "--orderflow.embedded.postgres-port=" + pgPort,
                "--orderflow.embedded.kafka-port=" + kafkaPort,
                "--orderflow.sandbox.port=" + sandboxPort,
                "--orderflow.sandbox.time-scale=" + options.timeScale(),
                "--orderflow.sandbox.extra-suppliers=" + String.join(",", BENCH_SUPPLIERS),
                "--orderflow.tracking.secret=load-benchmark"));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var service = new ServiceUnderTest(URI.create("http://localhost:" + appPort),
                URI.create("http://localhost:" + sandboxPort),
                "jdbc:postgresql://localhost:" + pgPort + "/orderflow", process.pid(), data.resolve("postgres"),
                process, log);
        service.awaitHealthy(Duration.ofMinutes(3));
        return service;
    }

    private void awaitHealthy(Duration limit) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                var answer = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/suppliers/rotterdam-3pl"))
                                .header("X-Api-Key", Http.ADMIN_KEY).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"catalogVersion\":1")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the service was not ready within " + limit + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
