package io.orderflow.infra.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A single-node KRaft Kafka (broker and controller in one) inside this JVM. Its log directory is formatted once and
 * reused afterwards, so topics, records and committed consumer offsets survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String META_PROPERTIES = "meta.properties";

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDirectory;
    private final String clusterId;

    private EmbeddedKafka(KafkaRaftServer server, int port, Path logDirectory, String clusterId) {
        this.server = server;
        this.port = port;
        this.logDirectory = logDirectory;
        this.clusterId = clusterId;
    }

    /** Starts a broker on {@code port} (0: a free port), formatting {@code logDirectory} only if it is new. */
    public static EmbeddedKafka start(Path logDirectory, int port) {
        long started = System.nanoTime();
        Path dir = logDirectory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            int brokerPort = Ports.resolve(port, "Embedded Kafka", "orderflow.embedded.kafka-port");
            // A static one-voter quorum: the controller's port is read from the configuration at every start,
            // so it can be any free port.
            int controllerPort = Ports.freePort();
            KafkaConfig config = new KafkaConfig(brokerConfig(dir, brokerPort, controllerPort), false);
            boolean formatted = Files.exists(dir.resolve(META_PROPERTIES));
            if (!formatted) {
                format(dir);
            }
            var server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            String clusterId = readClusterId(dir);
            log.info("Embedded Kafka listening on localhost:{}, data in {} (cluster {}, {}, started in {} ms)",
                    brokerPort, dir, clusterId, formatted ? "reused" : "newly formatted",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return new EmbeddedKafka(server, brokerPort, dir, clusterId);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded Kafka in " + dir, e);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDirectory() {
        return logDirectory;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Controlled shutdown; returns once the broker and controller have stopped and flushed their logs. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        log.info("Embedded Kafka on localhost:{} stopped", port);
    }

    private static Map<String, String> brokerConfig(Path dir, int brokerPort, int controllerPort) {
        Map<String, String> config = new HashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", Integer.toString(NODE_ID));
        config.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        config.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        config.put("controller.listener.names", CONTROLLER_LISTENER);
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        config.put("log.dirs", dir.toString());
        config.put("metadata.log.dir", dir.toString());
        config.put("auto.create.topics.enable", "true");
        config.put("num.partitions", "4");
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "8");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "8");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // After a crash the controller rejects the broker's new registration until the old one's session expires
        // (9 s by default); the broker and its controller share this JVM, so a short session costs nothing.
        config.put("broker.heartbeat.interval.ms", "1000");
        config.put("broker.session.timeout.ms", "4000");
        // Development data is kept until someone deletes it: webhook delivery state and committed offsets
        // must not vanish because the app was not run for a week.
        config.put("log.retention.ms", "-1");
        config.put("offsets.retention.minutes", "2147483647");
        // The log cleaner (compacted topics) allocates this buffer up front; 128 MB by default.
        config.put("log.cleaner.dedupe.buffer.size", "16777216");
        return config;
    }

    private static void format(Path dir) throws IOException {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(dir.toString())
                    .addDirectory(dir.toString())
                    .run();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not format the Kafka log directory " + dir, e);
        }
    }

    private static String readClusterId(Path dir) throws IOException {
        Properties meta = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve(META_PROPERTIES))) {
            meta.load(reader);
        }
        return meta.getProperty("cluster.id");
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[localhost:" + port + ", " + logDirectory + "]";
    }
}
