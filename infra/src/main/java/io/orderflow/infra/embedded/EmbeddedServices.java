package io.orderflow.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL and Kafka of one data directory, shared by every Spring context of the JVM that uses that
 * directory. Whoever {@link #acquire acquires} it must {@link #release release} it; the services stop when the last
 * user releases them, or at JVM exit for users that asked to keep them until then (test suites, where many contexts
 * come and go).
 */
public final class EmbeddedServices {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServices.class);

    private static final long WAIT_FOR_CONTEXTS_AT_EXIT_MS = 10_000;
    private static final long SPRING_HOOK_GRACE_MS = 1_000;

    private static final Map<Path, EmbeddedServices> running = new HashMap<>();
    private static Path temporaryDataDirectory;
    private static boolean shutdownHookAdded;

    private final Path dataDirectory;
    private EmbeddedPostgres postgres;
    private EmbeddedKafka kafka;
    private int users;
    private boolean keepUntilJvmExit;

    private EmbeddedServices(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /**
     * Returns the services of {@code dataDirectory} after starting, in parallel, the ones asked for that are not
     * running yet. A null port means the service is not wanted; 0 means any free port.
     */
    public static synchronized EmbeddedServices acquire(Path dataDirectory, Integer postgresPort, Integer kafkaPort,
            boolean keepUntilJvmExit) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        addShutdownHookOnce();
        EmbeddedServices services = running.computeIfAbsent(dir, EmbeddedServices::new);
        try {
            services.startMissing(postgresPort, kafkaPort);
        } catch (RuntimeException e) {
            if (services.users == 0) {
                services.stop();
                running.remove(dir, services);
            }
            throw e;
        }
        services.users++;
        services.keepUntilJvmExit |= keepUntilJvmExit;
        return services;
    }

    /** The data directory for {@code orderflow.embedded.data-dir=temp}: one per JVM, deleted at exit. */
    public static synchronized Path temporaryDataDirectory() {
        if (temporaryDataDirectory == null) {
            try {
                temporaryDataDirectory = Files.createTempDirectory("orderflow-data-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            addShutdownHookOnce();
        }
        return temporaryDataDirectory;
    }

    public void release() {
        synchronized (EmbeddedServices.class) {
            if (users == 0) {
                return;
            }
            users--;
            if (users == 0 && !keepUntilJvmExit) {
                stop();
                running.remove(dataDirectory, this);
            }
        }
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public Optional<EmbeddedPostgres> postgres() {
        synchronized (EmbeddedServices.class) {
            return Optional.ofNullable(postgres);
        }
    }

    public Optional<EmbeddedKafka> kafka() {
        synchronized (EmbeddedServices.class) {
            return Optional.ofNullable(kafka);
        }
    }

    /** Stops every service of every data directory (JVM exit, or a test that needs a clean slate). */
    public static synchronized void stopAll() {
        running.values().forEach(EmbeddedServices::stop);
        running.clear();
    }

    static synchronized boolean isRunning(Path dataDirectory) {
        return running.containsKey(dataDirectory.toAbsolutePath().normalize());
    }

    /** Stops the services of one data directory whoever uses them (tests cleaning up after themselves). */
    static synchronized void stop(Path dataDirectory) {
        EmbeddedServices services = running.remove(dataDirectory.toAbsolutePath().normalize());
        if (services != null) {
            services.stop();
        }
    }

    private void startMissing(Integer postgresPort, Integer kafkaPort) {
        boolean startPostgres = postgresPort != null && postgres == null;
        boolean startKafka = kafkaPort != null && kafka == null;
        if (!startPostgres && !startKafka) {
            return;
        }
        try (ExecutorService starter = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("orderflow-embedded-start-", 0).factory())) {
            Future<EmbeddedPostgres> startingPostgres = startPostgres
                    ? starter.submit(() -> EmbeddedPostgres.start(dataDirectory.resolve("postgres"), postgresPort))
                    : null;
            Future<EmbeddedKafka> startingKafka = startKafka
                    ? starter.submit(() -> EmbeddedKafka.start(dataDirectory.resolve("kafka"), kafkaPort))
                    : null;
            List<Throwable> failures = new ArrayList<>();
            if (startingPostgres != null) {
                postgres = await(startingPostgres, failures);
            }
            if (startingKafka != null) {
                kafka = await(startingKafka, failures);
            }
            if (!failures.isEmpty()) {
                var failure = new IllegalStateException("could not start the embedded services in " + dataDirectory,
                        failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        }
    }

    private static <T> T await(Future<T> starting, List<Throwable> failures) {
        try {
            return starting.get();
        } catch (ExecutionException e) {
            failures.add(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add(e);
        }
        return null;
    }

    // Kafka and PostgreSQL do not depend on each other, so they stop side by side.
    private void stop() {
        try (ExecutorService stopper = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("orderflow-embedded-stop-", 0).factory())) {
            if (kafka != null) {
                EmbeddedKafka stopping = kafka;
                stopper.submit(() -> closeQuietly(stopping));
                kafka = null;
            }
            if (postgres != null) {
                EmbeddedPostgres stopping = postgres;
                stopper.submit(() -> closeQuietly(stopping));
                postgres = null;
            }
        }
    }

    private static void closeQuietly(AutoCloseable service) {
        try {
            service.close();
        } catch (Exception e) {
            log.warn("{} did not stop cleanly", service, e);
        }
    }

    private static void addShutdownHookOnce() {
        if (shutdownHookAdded) {
            return;
        }
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedServices::stopAtJvmExit, "orderflow-embedded-exit"));
            shutdownHookAdded = true;
        } catch (IllegalStateException alreadyShuttingDown) {
            // the JVM is exiting; whoever started services now will see them fail
        }
    }

    /*
     * Spring Boot's shutdown hook closes the application contexts concurrently with this one. While it runs, the
     * contexts still using services get a moment to close, so that their connection pools and Kafka clients go before
     * the servers do.
     */
    private static void stopAtJvmExit() {
        long started = System.currentTimeMillis();
        long deadline = started + WAIT_FOR_CONTEXTS_AT_EXIT_MS;
        // the JVM starts its hooks together: Spring's may not be alive yet when this one first looks for it
        while (contextsStillClosing() && System.currentTimeMillis() < deadline
                && (springShutdownHookRunning() || System.currentTimeMillis() - started < SPRING_HOOK_GRACE_MS)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                break;
            }
        }
        stopAll();
        Path temporary;
        synchronized (EmbeddedServices.class) {
            temporary = temporaryDataDirectory;
        }
        if (temporary != null) {
            deleteRecursively(temporary);
        }
    }

    private static synchronized boolean contextsStillClosing() {
        return running.values().stream().anyMatch(services -> services.users > 0);
    }

    private static boolean springShutdownHookRunning() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.isAlive() && "SpringApplicationShutdownHook".equals(thread.getName()));
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.warn("could not delete {}", directory, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedServices[" + dataDirectory + "]";
    }
}
