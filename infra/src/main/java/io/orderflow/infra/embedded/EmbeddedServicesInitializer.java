package io.orderflow.infra.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Deployment mode 1: when no external PostgreSQL ({@code orderflow.db.url}, env {@code ORDERFLOW_DB_URL}) or Kafka
 * ({@code orderflow.kafka.bootstrap}, env {@code ORDERFLOW_KAFKA_BOOTSTRAP}) is configured, starts the embedded one
 * before any bean exists and publishes where it listens as those same {@code orderflow.*} properties.
 *
 * <p>Settings: {@code orderflow.embedded.enabled} (true), {@code orderflow.embedded.data-dir} ({@code ./orderflow-data};
 * {@code temp} for a per-JVM directory deleted at exit), {@code orderflow.embedded.postgres-port} (5433),
 * {@code orderflow.embedded.kafka-port} (9092; 0 picks a free port) and {@code orderflow.embedded.stop-with-context}
 * (whether closing the context stops the services; true unless a port is 0 or the data dir is {@code temp}, so
 * that the contexts of a test suite share one PostgreSQL and one Kafka until the JVM exits). The servers' own loggers
 * are turned down to WARN unless {@code logging.level.*} says otherwise. With the embedded PostgreSQL and no
 * {@code orderflow.tracking.secret}, tracking links are signed with a key kept in the data directory
 * ({@code orderflow.tracking.secret-file}).
 */
public class EmbeddedServicesInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    public static final String PROPERTY_SOURCE_NAME = "orderflowEmbeddedServices";

    static final String ENABLED = "orderflow.embedded.enabled";
    static final String DATA_DIR = "orderflow.embedded.data-dir";
    static final String POSTGRES_PORT = "orderflow.embedded.postgres-port";
    static final String KAFKA_PORT = "orderflow.embedded.kafka-port";
    static final String STOP_WITH_CONTEXT = "orderflow.embedded.stop-with-context";

    static final String DB_URL = "orderflow.db.url";
    static final String DB_USERNAME = "orderflow.db.username";
    static final String DB_PASSWORD = "orderflow.db.password";
    static final String R2DBC_URL = "orderflow.r2dbc.url";
    static final String KAFKA_BOOTSTRAP = "orderflow.kafka.bootstrap";
    static final String TRACKING_SECRET = "orderflow.tracking.secret";
    static final String TRACKING_SECRET_FILE = "orderflow.tracking.secret-file";
    static final String TRACKING_SECRET_FILE_NAME = "tracking-secret";
    static final String KEK = "orderflow.privacy.kek";
    static final String KEK_FILE = "orderflow.privacy.kek-file";
    static final String KEK_FILE_NAME = "key-encryption-key";

    static final String TEMPORARY_DATA_DIR = "temp";

    private static final List<String> SERVER_LOGGERS = List.of("kafka", "state.change.logger",
            "org.apache.kafka.server", "org.apache.kafka.controller", "org.apache.kafka.raft",
            "org.apache.kafka.metadata", "org.apache.kafka.image", "org.apache.kafka.snapshot",
            "org.apache.kafka.storage", "org.apache.kafka.coordinator", "org.apache.kafka.queue",
            "org.apache.kafka.network", "org.apache.kafka.security", "org.apache.kafka.common.metrics",
            // shared with the Kafka clients: the "...Config values:" dumps and the version banner
            "org.apache.kafka.common.config.AbstractConfig", "org.apache.kafka.common.utils.AppInfoParser",
            "io.zonky.test.db.postgres");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        if (!environment.getProperty(ENABLED, Boolean.class, true)) {
            return;
        }
        boolean postgresWanted = !StringUtils.hasText(environment.getProperty(DB_URL));
        boolean kafkaWanted = !StringUtils.hasText(environment.getProperty(KAFKA_BOOTSTRAP));
        if (!postgresWanted) {
            deriveR2dbcUrl(environment);
        }
        if (!postgresWanted && !kafkaWanted) {
            return;
        }
        String dataDirSetting = environment.getProperty(DATA_DIR, "./orderflow-data");
        boolean temporary = TEMPORARY_DATA_DIR.equals(dataDirSetting);
        Path dataDir = temporary ? EmbeddedServices.temporaryDataDirectory() : Path.of(dataDirSetting);
        int postgresPort = environment.getProperty(POSTGRES_PORT, Integer.class, 5433);
        int kafkaPort = environment.getProperty(KAFKA_PORT, Integer.class, 9092);
        boolean testLike = temporary || (postgresWanted && postgresPort == 0) || (kafkaWanted && kafkaPort == 0);
        boolean stopWithContext = environment.getProperty(STOP_WITH_CONTEXT, Boolean.class, !testLike);

        quietServerLogs(environment);
        EmbeddedServices services = EmbeddedServices.acquire(dataDir,
                postgresWanted ? postgresPort : null, kafkaWanted ? kafkaPort : null, !stopWithContext);
        releaseWhenClosed(context, services);

        Map<String, Object> published = new LinkedHashMap<>();
        if (postgresWanted) {
            EmbeddedPostgres postgres = services.postgres().orElseThrow();
            published.put(DB_URL, postgres.jdbcUrl());
            published.put(DB_USERNAME, EmbeddedPostgres.USERNAME);
            published.put(DB_PASSWORD, EmbeddedPostgres.PASSWORD);
            published.put(R2DBC_URL, postgres.r2dbcUrl());
            // the orders live in this directory, so the key of their tracking links does too: links survive a
            // restart as the orders do (created once, readable only by its owner; see SecretFile)
            if (!StringUtils.hasText(environment.getProperty(TRACKING_SECRET))
                    && !StringUtils.hasText(environment.getProperty(TRACKING_SECRET_FILE))) {
                published.put(TRACKING_SECRET_FILE, services.dataDirectory().resolve(TRACKING_SECRET_FILE_NAME).toString());
            }
            // and so does the key that wraps the keys of their customers' personal data
            if (!StringUtils.hasText(environment.getProperty(KEK))
                    && !StringUtils.hasText(environment.getProperty(KEK_FILE))) {
                published.put(KEK_FILE, services.dataDirectory().resolve(KEK_FILE_NAME).toString());
            }
        }
        if (kafkaWanted) {
            published.put(KAFKA_BOOTSTRAP, services.kafka().orElseThrow().bootstrapServers());
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, published));
    }

    /** An external database given only as a JDBC URL is read through R2DBC at the same address. */
    private static void deriveR2dbcUrl(ConfigurableEnvironment environment) {
        String jdbcUrl = environment.getProperty(DB_URL, "");
        if (!StringUtils.hasText(environment.getProperty(R2DBC_URL)) && jdbcUrl.startsWith("jdbc:postgresql:")) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME + "-r2dbc",
                    Map.of(R2DBC_URL, "r2dbc:" + jdbcUrl.substring("jdbc:".length()))));
        }
    }

    /*
     * The broker logs some 1,500 INFO lines per start and zonky relays every line PostgreSQL prints; the app's own
     * log should not drown in them. A level set with logging.level.<name> wins.
     */
    private static void quietServerLogs(ConfigurableEnvironment environment) {
        LoggingSystem loggingSystem = LoggingSystem.get(EmbeddedServicesInitializer.class.getClassLoader());
        for (String logger : SERVER_LOGGERS) {
            if (!environment.containsProperty("logging.level." + logger)) {
                loggingSystem.setLogLevel(logger, LogLevel.WARN);
            }
        }
    }

    /*
     * Registered as the first disposable bean, so it is destroyed last: the connection pools and Kafka clients of the
     * context are closed before their servers stop. A context whose refresh fails releases it the same way.
     */
    private static void releaseWhenClosed(ConfigurableApplicationContext context, EmbeddedServices services) {
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                services.release();
            }
        };
        if (context instanceof GenericApplicationContext generic) {
            generic.getDefaultListableBeanFactory()
                    .registerDisposableBean(EmbeddedServices.class.getName() + "#release", release::run);
        } else {
            context.addApplicationListener(event -> {
                if (event instanceof ContextClosedEvent) {
                    release.run();
                }
            });
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }
}
