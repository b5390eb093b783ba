package io.orderflow.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EmbeddedServicesInitializerIT {

    @TempDir
    Path tempDir;

    Path dataDir;

    @AfterEach
    void stopServices() {
        if (dataDir != null) {
            EmbeddedServices.stop(dataDir);
        }
    }

    @Test
    void startsBothServicesAndPublishesWhereTheyListen() throws Exception {
        dataDir = tempDir.resolve("data");
        try (var context = context(Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.embedded.postgres-port", "0",
                "orderflow.embedded.kafka-port", "0"))) {
            ConfigurableEnvironment environment = context.getEnvironment();
            assertThat(environment.getPropertySources().iterator().next().getName())
                    .isEqualTo(EmbeddedServicesInitializer.PROPERTY_SOURCE_NAME);
            String jdbcUrl = environment.getProperty("orderflow.db.url");
            assertThat(jdbcUrl).matches("jdbc:postgresql://localhost:\\d+/orderflow");
            String port = jdbcUrl.replaceAll(".*:(\\d+)/.*", "$1");
            assertThat(environment.getProperty("orderflow.r2dbc.url"))
                    .isEqualTo("r2dbc:postgresql://localhost:" + port + "/orderflow");
            assertThat(environment.getProperty("orderflow.db.username")).isEqualTo("orderflow");
            assertThat(environment.getProperty("orderflow.db.password")).isEqualTo("orderflow");
            assertThat(environment.getProperty("orderflow.kafka.bootstrap")).matches("localhost:\\d+");
            // the orders live here, so the key of their tracking links does too
            assertThat(environment.getProperty("orderflow.tracking.secret-file"))
                    .isEqualTo(dataDir.toAbsolutePath().normalize().resolve("tracking-secret").toString());

            try (Connection connection = DriverManager.getConnection(jdbcUrl,
                    environment.getProperty("orderflow.db.username"), environment.getProperty("orderflow.db.password"));
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT current_user")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("orderflow");
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    environment.getProperty("orderflow.kafka.bootstrap")))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
            }
            assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
            assertThat(dataDir.resolve("kafka/meta.properties")).exists();
        }
    }

    @Test
    void turnsTheServersLogsDownUnlessTheirLevelIsConfigured() {
        dataDir = tempDir.resolve("logs");
        logger("org.apache.kafka.raft").setLevel(null);
        try (var context = context(Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.embedded.kafka-port", "0",
                "orderflow.db.url", "jdbc:postgresql://db.example:5432/orderflow",
                "logging.level.org.apache.kafka.raft", "DEBUG"))) {
            assertThat(logger("kafka").getLevel()).isEqualTo(Level.WARN);
            assertThat(logger("org.apache.kafka.controller").getLevel()).isEqualTo(Level.WARN);
            assertThat(logger("org.apache.kafka.raft").getLevel()).isNull();
            assertThat(logger("io.orderflow.infra.embedded").getEffectiveLevel()).isNotEqualTo(Level.WARN);
        }
    }

    private static Logger logger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }

    @Test
    void contextsOnTheSameDataDirectoryShareOneServerOfEachAndKeepThemForTheNextContext() throws Exception {
        dataDir = tempDir.resolve("shared");
        Map<String, String> settings = Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.embedded.postgres-port", "0",
                "orderflow.embedded.kafka-port", "0");
        String dbUrl;
        String bootstrap;
        try (var first = context(settings); var second = context(settings)) {
            dbUrl = first.getEnvironment().getProperty("orderflow.db.url");
            bootstrap = first.getEnvironment().getProperty("orderflow.kafka.bootstrap");
            assertThat(second.getEnvironment().getProperty("orderflow.db.url")).isEqualTo(dbUrl);
            assertThat(second.getEnvironment().getProperty("orderflow.kafka.bootstrap")).isEqualTo(bootstrap);
        }
        assertThat(EmbeddedServices.isRunning(dataDir)).isTrue();
        try (var third = context(settings)) {
            assertThat(third.getEnvironment().getProperty("orderflow.db.url")).isEqualTo(dbUrl);
            assertThat(third.getEnvironment().getProperty("orderflow.kafka.bootstrap")).isEqualTo(bootstrap);
        }
    }

    @Test
    void stopsTheServicesWithTheLastContextWhenAskedTo() throws Exception {
        dataDir = tempDir.resolve("stopping");
        Map<String, String> settings = Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.embedded.postgres-port", "0",
                "orderflow.embedded.kafka-port", "0",
                "orderflow.embedded.stop-with-context", "true");
        int postgresPort;
        int kafkaPort;
        try (var first = context(settings)) {
            postgresPort = Integer.parseInt(first.getEnvironment().getProperty("orderflow.db.url").replaceAll(".*:(\\d+)/.*", "$1"));
            kafkaPort = Integer.parseInt(first.getEnvironment().getProperty("orderflow.kafka.bootstrap").replaceAll(".*:", ""));
            try (var second = context(settings)) {
                assertThat(second.getEnvironment().getProperty("orderflow.db.url")).contains(":" + postgresPort + "/");
            }
            assertThat(EmbeddedServices.isRunning(dataDir)).isTrue();
            assertThat(listening(postgresPort)).isTrue();
        }
        assertThat(EmbeddedServices.isRunning(dataDir)).isFalse();
        assertThat(listening(postgresPort)).isFalse();
        assertThat(listening(kafkaPort)).isFalse();
    }

    @Test
    void startsNothingWhenBothExternalServersAreConfigured() {
        dataDir = tempDir.resolve("unused");
        try (var context = context(Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.db.url", "jdbc:postgresql://db.example:5432/orderflow",
                "orderflow.kafka.bootstrap", "kafka.example:9092"))) {
            assertThat(context.getEnvironment().getPropertySources()
                    .contains(EmbeddedServicesInitializer.PROPERTY_SOURCE_NAME)).isFalse();
            assertThat(context.getEnvironment().getProperty("orderflow.db.url"))
                    .isEqualTo("jdbc:postgresql://db.example:5432/orderflow");
        }
        assertThat(EmbeddedServices.isRunning(dataDir)).isFalse();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void readsTheExternalServersFromTheEnvironmentVariables() {
        dataDir = tempDir.resolve("unused");
        var context = new GenericApplicationContext();
        var propertySources = context.getEnvironment().getPropertySources();
        propertySources.addFirst(new MapPropertySource("test", Map.of("orderflow.embedded.data-dir", dataDir.toString())));
        propertySources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
                "ORDERFLOW_DB_URL", "jdbc:postgresql://db.example:5432/orderflow",
                "ORDERFLOW_KAFKA_BOOTSTRAP", "kafka.example:9092")));
        new EmbeddedServicesInitializer().initialize(context);
        assertThat(propertySources.contains(EmbeddedServicesInitializer.PROPERTY_SOURCE_NAME)).isFalse();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void startsNothingWhenDisabled() {
        dataDir = tempDir.resolve("unused");
        try (var context = context(Map.of(
                "orderflow.embedded.enabled", "false",
                "orderflow.embedded.data-dir", dataDir.toString()))) {
            assertThat(context.getEnvironment().getProperty("orderflow.db.url")).isNull();
        }
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void startsOnlyKafkaWhenThePostgresIsExternal() {
        dataDir = tempDir.resolve("kafka-only");
        try (var context = context(Map.of(
                "orderflow.embedded.data-dir", dataDir.toString(),
                "orderflow.embedded.kafka-port", "0",
                "orderflow.db.url", "jdbc:postgresql://db.example:5432/orderflow"))) {
            ConfigurableEnvironment environment = context.getEnvironment();
            assertThat(environment.getProperty("orderflow.db.url")).isEqualTo("jdbc:postgresql://db.example:5432/orderflow");
            // the external database is read through R2DBC at the same address
            assertThat(environment.getProperty("orderflow.r2dbc.url")).isEqualTo("r2dbc:postgresql://db.example:5432/orderflow");
            assertThat(environment.getProperty("orderflow.kafka.bootstrap")).matches("localhost:\\d+");
            // with an external database there may be several nodes: they need a configured secret
            assertThat(environment.getProperty("orderflow.tracking.secret-file")).isNull();
        }
        assertThat(dataDir.resolve("kafka")).exists();
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }

    @Test
    void keepsServicesInTheTemporaryDataDirectoryUntilTheJvmExits() {
        dataDir = EmbeddedServices.temporaryDataDirectory();
        try (var context = context(Map.of(
                "orderflow.embedded.data-dir", "temp",
                "orderflow.embedded.kafka-port", "0",
                "orderflow.db.url", "jdbc:postgresql://db.example:5432/orderflow"))) {
            assertThat(context.getEnvironment().getProperty("orderflow.kafka.bootstrap")).matches("localhost:\\d+");
        }
        assertThat(dataDir).startsWith(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(dataDir.resolve("kafka/meta.properties")).exists();
        assertThat(EmbeddedServices.isRunning(dataDir)).isTrue();
    }

    @Test
    void isRegisteredForEverySpringBootApplication() {
        dataDir = tempDir.resolve("boot");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties(
                        "orderflow.embedded.data-dir=" + dataDir,
                        "orderflow.embedded.postgres-port=0",
                        "orderflow.embedded.kafka-port=0",
                        "orderflow.embedded.stop-with-context=true")
                .run()) {
            assertThat(context.getEnvironment().getProperty("orderflow.db.url")).startsWith("jdbc:postgresql://localhost:");
            assertThat(context.getEnvironment().getProperty("orderflow.kafka.bootstrap")).startsWith("localhost:");
        }
        assertThat(EmbeddedServices.isRunning(dataDir)).isFalse();
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    private static GenericApplicationContext context(Map<String, String> properties) {
        var context = new GenericApplicationContext();
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        new EmbeddedServicesInitializer().initialize(context);
        context.refresh();
        return context;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
