package io.orderflow.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector is on the class path (deployment mode 4), but a default start never uses it: no connection manager,
 * no thread of the connector or of gRPC, not one log line from either, and the buses and the event store are the
 * local, PostgreSQL-backed ones. Its own start, watched from before the context refreshes: other tests in this JVM
 * may have used the connector, so what is already there does not count.
 */
class AxonServerModeOffIT {

    private static boolean connector(String name) {
        return name.startsWith("io.axoniq") || name.startsWith("org.axonframework.axonserver")
                || name.startsWith("io.grpc") || name.startsWith("axon-connector") || name.startsWith("grpc-");
    }

    @Test
    void aDefaultStartMakesNoConnectionAttempt(@TempDir Path dataDir) {
        assertThat(AxonServerConnectionManager.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .as("the connector is on the class path").contains("axon-server-connector");

        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<ILoggingEvent> logged = new CopyOnWriteArrayList<>();
        var appender = new AppenderBase<ILoggingEvent>() {
            @Override
            protected void append(ILoggingEvent event) {
                logged.add(event);
            }
        };
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);

        // attached once Boot has set up logging (which drops appenders), before any bean exists
        try (var context = new SpringApplicationBuilder(OrderflowApplication.class)
                .listeners(event -> {
                    if (event instanceof ApplicationPreparedEvent) {
                        appender.start();
                        root.addAppender(appender);
                    }
                })
                // a data directory of its own, so its own PostgreSQL and Kafka, stopped with it: on the JVM's shared
                // ones, its demo suppliers would point the other tests' suppliers at its sandbox, gone when it closes
                .run("--orderflow.embedded.data-dir=" + dataDir,
                        "--orderflow.embedded.stop-with-context=true",
                        "--orderflow.embedded.postgres-port=0",
                        "--orderflow.embedded.kafka-port=0",
                        "--server.port=0",
                        "--orderflow.sandbox.port=0",
                        "--orderflow.tracking.secret=axon-server-off-test")) {
            assertThat(logged).as("log lines were captured at all").isNotEmpty();
            assertThat(logged).extracting(ILoggingEvent::getLoggerName).noneMatch(AxonServerModeOffIT::connector);
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t))
                    .map(Thread::getName).collect(Collectors.toList())).noneMatch(AxonServerModeOffIT::connector);

            assertThat(context.getEnvironment().getProperty("axon.axonserver.enabled", Boolean.class)).isFalse();
            assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();
            assertThat(context.getBean(CommandBus.class).getClass().getName()).doesNotContain("axonserver");
            assertThat(context.getBean(QueryBus.class).getClass().getName()).doesNotContain("axonserver");
            assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
        } finally {
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
