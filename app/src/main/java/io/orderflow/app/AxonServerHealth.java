package io.orderflow.app;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon Server mode only: {@code /actuator/health} shows the connection as the component {@code axonServer}, DOWN
 * (naming the address) while commands, queries and events cannot reach it. Axon's own indicator is written for
 * Boot 3's health classes and does not load under Boot 4.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", matchIfMissing = true)
class AxonServerHealth {

    @Bean
    AxonServerHealthIndicator axonServerHealthIndicator(AxonServerConnectionManager connections,
                                                        AxonServerConfiguration configuration) {
        return new AxonServerHealthIndicator(connections, configuration.getServers());
    }

    static class AxonServerHealthIndicator extends AbstractHealthIndicator {

        private final AxonServerConnectionManager connections;
        private final String servers;

        AxonServerHealthIndicator(AxonServerConnectionManager connections, String servers) {
            super("Axon Server health check failed");
            this.connections = connections;
            this.servers = servers;
        }

        @Override
        protected void doHealthCheck(Health.Builder health) {
            String context = connections.getDefaultContext();
            boolean connected = connections.isConnected(context);
            health.status(connected ? "UP" : "DOWN")
                    .withDetail("servers", servers)
                    .withDetail("context", context);
            if (!connected) {
                health.withDetail("error", "Axon Server at " + servers + " is not connected");
            }
        }
    }
}
