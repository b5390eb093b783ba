package io.orderflow.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The orderflow under load: the embedded default started here from {@code app/target/orderflow.jar} (its own ports
 * and a fresh data directory, so nothing of a developer's instance is touched), a cluster of {@code --nodes} nodes
 * beside a services JVM (PostgreSQL, Kafka and sandbox, {@code --orderflow.roles=services}), or a running one given by
 * URL.
 */
final class ServiceUnderTest implements AutoCloseable {

    static final String DB_USER = System.getenv().getOrDefault("ORDERFLOW_DB_USER", "orderflow");
    static final String DB_PASSWORD = System.getenv().getOrDefault("ORDERFLOW_DB_PASSWORD", "orderflow");
    /** The sandbox suppliers the catalog scenario registers; an instance given by --target must simulate them too. */
    static final List<String> BENCH_SUPPLIERS = List.of("bench-1", "bench-2", "bench-3", "bench-4", "bench-5", "bench-6");

    /** The nodes' HTTP addresses: orders go round-robin through them. */
    final List<URI> nodes;
    final URI base;
    final URI sandbox;
    final String jdbcUrl;
    /** The JVMs whose CPU counts as the service's: every node, and the services JVM's Kafka and sandbox. */
    final List<Long> pids;
    final Path postgresData;
    private final List<Process> processes;
    final Path log;

    private ServiceUnderTest(List<URI> nodes, URI sandbox, String jdbcUrl, List<Long> pids, Path postgresData,
                             List<Process> processes, Path log) {
        this.nodes = nodes;
        this.base = nodes.getFirst();
        this.sandbox = sandbox;
        this.jdbcUrl = jdbcUrl;
        this.pids = pids;
        this.postgresData = postgresData;
        this.processes = processes;
        this.log = log;
    }

    static ServiceUnderTest of(LoadOptions options, Path runDirectory) throws IOException, InterruptedException {
        if (options.target() != null) {
            return new ServiceUnderTest(List.of(options.target()), options.sandbox(), options.jdbcUrl(),
                    options.servicePid() == null ? List.of() : List.of(options.servicePid()),
                    options.postgresDataDir() == null ? null : Path.of(options.postgresDataDir()), List.of(), null);
        }
        Path jar = Path.of("app/target/orderflow.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -q -DskipTests package first");
        }
        int pgPort = freePort();
        int kafkaPort = freePort();
        int sandboxPort = freePort();
        Path data = Files.createTempDirectory("orderflow-bench-");
        if (options.store() != null) {
            copy(options.store(), data);
        }
        List<String> embedded = List.of(
                "--orderflow.embedded.data-dir=" + data,
                "--orderflow.embedded.postgres-port=" + pgPort,
                "--orderflow.embedded.kafka-port=" + kafkaPort,
                "--orderflow.sandbox.port=" + sandboxPort,
                "--orderflow.sandbox.time-scale=" + options.timeScale(),
                "--orderflow.sandbox.extra-suppliers=" + String.join(",", BENCH_SUPPLIERS));
        String jdbcUrl = "jdbc:postgresql://localhost:" + pgPort + "/orderflow";
        URI sandbox = URI.create("http://localhost:" + sandboxPort);
        List<Process> processes = new ArrayList<>();
        ServiceUnderTest service;
        if (options.nodes() == 0) {
            int appPort = freePort();
            var args = new ArrayList<>(List.of("--server.port=" + appPort, "--orderflow.tracking.secret=load-benchmark"));
            args.addAll(embedded);
            Path log = runDirectory.resolve("service.log");
            processes.add(start(jar, options, args, Map.of(), log));
            service = new ServiceUnderTest(List.of(URI.create("http://localhost:" + appPort)), sandbox, jdbcUrl,
                    pids(processes), data.resolve("postgres"), processes, log);
        } else {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < options.nodes(); i++) {
                ports.add(freePort());
            }
            var args = new ArrayList<>(List.of("--orderflow.roles=services",
                    // webhooks go to the first node (a load balancer would spread them in production)
                    "--orderflow.sandbox.webhook-target=http://localhost:" + ports.getFirst()));
            args.addAll(embedded);
            Path servicesLog = runDirectory.resolve("services.log");
            processes.add(start(jar, options, args, Map.of(), servicesLog));
            awaitLine(processes.getFirst(), servicesLog, "services running", Duration.ofMinutes(3));
            Map<String, String> cluster = Map.of(
                    "ORDERFLOW_DB_URL", jdbcUrl,
                    "ORDERFLOW_DB_USERNAME", DB_USER,
                    "ORDERFLOW_DB_PASSWORD", DB_PASSWORD,
                    "ORDERFLOW_KAFKA_BOOTSTRAP", "localhost:" + kafkaPort,
                    "ORDERFLOW_SANDBOX_URL", sandbox.toString(),
                    "ORDERFLOW_TRACKING_SECRET", "load-benchmark",
                    "ORDERFLOW_KEK", "bG9hZC1iZW5jaG1hcmsta2V5LTAxMjM0NTY3ODlhYmM=");
            List<URI> nodes = new ArrayList<>();
            for (int i = 0; i < options.nodes(); i++) {
                processes.add(start(jar, options, List.of("--server.port=" + ports.get(i)), cluster,
                        runDirectory.resolve("node" + (i + 1) + ".log")));
                nodes.add(URI.create("http://localhost:" + ports.get(i)));
            }
            service = new ServiceUnderTest(nodes, sandbox, jdbcUrl, pids(processes), data.resolve("postgres"),
                    processes, runDirectory.resolve("node1.log"));
        }
        try {
            for (URI node : service.nodes) {
                service.awaitHealthy(node, Duration.ofMinutes(3));
            }
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
        return service;
    }

    private static Process start(Path jar, LoadOptions options, List<String> args, Map<String, String> environment,
                                 Path log) throws IOException {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (String option : options.serviceJvmOptions().trim().split("\\s+")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static List<Long> pids(List<Process> processes) {
        return processes.stream().map(Process::pid).toList();
    }

    private static void awaitLine(Process process, Path log, String line, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.exists(log) && Files.readString(log).contains(line)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no '" + line + "' within " + limit + "; see " + log);
    }

    private void awaitHealthy(URI node, Duration limit) throws InterruptedException {
        var http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a JVM of the service exited with " + process.exitValue()
                            + "; see the logs in " + log.getParent());
                }
            }
            try {
                var answer = http.send(HttpRequest.newBuilder(node.resolve("/api/v1/suppliers/rotterdam-3pl"))
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
        throw new IllegalStateException(node + " was not ready within " + limit + "; see " + log);
    }

    /** An earlier run's data directory (its PostgreSQL and Kafka, stopped), copied so that it stays as it was. */
    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                // with their permissions: PostgreSQL refuses a data directory others may read
                if (!Files.exists(target) && !path.getFileName().toString().equals("postmaster.pid")) {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The nodes first, the services JVM (with PostgreSQL) last. */
    @Override
    public void close() throws InterruptedException {
        for (Process process : processes.reversed()) {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
