package io.orderflow.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.queryhandling.QueryBus;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector is on the class path (deployment mode 4), but a default start never uses it: no connection manager,
 * no connector or gRPC thread, not one connector class that so much as obtained a logger, and the buses and the event
 * store are the local, PostgreSQL-backed ones.
 */
class AxonServerModeOffIT extends AppIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Test
    void theConnectorIsOnTheClassPath() {
        assertThat(AxonServerConnectionManager.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("axon-server-connector");
    }

    @Test
    void aDefaultStartMakesNoConnectionAttempt() {
        assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isFalse();
        assertThat(context.getBeansOfType(AxonServerConnectionManager.class)).isEmpty();

        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("axon-connector") || name.startsWith("grpc-"));

        var loggers = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(loggers.getLoggerList()).extracting(Logger::getName)
                .noneMatch(name -> name.startsWith("io.axoniq") || name.startsWith("org.axonframework.axonserver")
                        || name.startsWith("io.grpc"));
    }

    @Test
    void commandsQueriesAndEventsStayInThisJvmAndPostgreSQL() {
        assertThat(context.getBean(CommandBus.class).getClass().getName()).doesNotContain("axonserver");
        assertThat(context.getBean(QueryBus.class).getClass().getName()).doesNotContain("axonserver");
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
    }
}
