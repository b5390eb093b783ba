package io.orderflow.app;

import java.net.ServerSocket;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** With no Axon Server answering, health names it and is DOWN (and answers at once: it never waits to connect). */
class AxonServerHealthTest {

    @Test
    void healthIsDownNamingAxonServerWhenItIsNotConnected() throws Exception {
        String address;
        try (var socket = new ServerSocket(0)) {
            address = "127.0.0.1:" + socket.getLocalPort();
        }
        var configuration = new AxonServerConfiguration();
        configuration.setServers(address);
        configuration.setComponentName("orderflow-test");
        var connections = AxonServerConnectionManager.builder().axonServerConfiguration(configuration).build();
        try {
            var indicator = new AxonServerHealth.AxonServerHealthIndicator(connections, address);
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.DOWN);

            connections.getConnection();
            var health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("servers", address)
                    .containsEntry("error", "Axon Server at " + address + " is not connected");
        } finally {
            connections.shutdown();
        }
    }
}
