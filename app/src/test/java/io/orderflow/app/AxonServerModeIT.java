package io.orderflow.app;

import io.orderflow.infra.axon.AxonServerUnreachableException;
import io.orderflow.infra.axon.RollbackSafeSagaStore;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.awaitility.Awaitility;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import io.orderflow.infra.cluster.ClaimWatchingTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Deployment mode 4 switched on with its one setting, and no Axon Server anywhere (none can run on our machines): the
 * buses and the event store are Axon Server's while tokens, sagas and deadlines stay on PostgreSQL, and start-up
 * fails within its time-out with a message naming Axon Server and the address, instead of hanging or coming up
 * unable to take a single command.
 */
class AxonServerModeIT {

    @Test
    void withNoAxonServerReachableStartUpFailsFastNamingIt() throws Exception {
        String address = "127.0.0.1:" + closedPort();
        List<Object> beans = new CopyOnWriteArrayList<>();
        BeanPostProcessor recorder = new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                beans.add(bean);
                return bean;
            }
        };

        long started = System.nanoTime();
        Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> catchThrowable(() ->
                new SpringApplicationBuilder(OrderflowApplication.class)
                        .initializers(context -> context.getBeanFactory().addBeanPostProcessor(recorder))
                        .run("--orderflow.axonserver.servers=" + address,
                                "--orderflow.axonserver.startup-timeout=3s",
                                "--orderflow.embedded.data-dir=temp",
                                "--orderflow.embedded.postgres-port=0",
                                "--orderflow.embedded.kafka-port=0",
                                "--server.port=0",
                                "--orderflow.sandbox.port=0",
                                "--orderflow.tracking.secret=axon-server-mode-test")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isNotNull();
        var unreachable = rootCause(failure, AxonServerUnreachableException.class);
        assertThat(unreachable).as("cause of %s", failure).isNotNull();
        assertThat(unreachable.getMessage()).contains("Axon Server", address, "ORDERFLOW_AXONSERVER_SERVERS");
        assertThat(took).isLessThan(Duration.ofSeconds(90));
        // and it did not leave the connector behind, reconnecting in the background
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(Thread.getAllStackTraces().keySet()).filteredOn(Thread::isAlive).extracting(Thread::getName)
                        .noneMatch(name -> name.startsWith("axon-connector")));

        // the one switch moved routing and the event store to Axon Server, and left the rest on PostgreSQL
        assertThat(beans).anyMatch(AxonServerCommandBus.class::isInstance)
                .anyMatch(AxonServerQueryBus.class::isInstance)
                .anyMatch(AxonServerEventStore.class::isInstance)
                .noneMatch(EventStorageEngine.class::isInstance)
                .anyMatch(ClaimWatchingTokenStore.class::isInstance)
                .anyMatch(RollbackSafeSagaStore.class::isInstance)
                .anyMatch(DbSchedulerDeadlineManager.class::isInstance);
    }

    private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** A port nothing listens on: taken from the OS, then given back. */
    private static int closedPort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
