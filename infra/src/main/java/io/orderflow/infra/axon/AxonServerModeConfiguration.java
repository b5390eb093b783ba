package io.orderflow.infra.axon;

import java.time.Duration;

import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Deployment mode 4 (see {@link AxonServerModeSwitch}). Axon's own auto-configuration moves the command bus, query
 * bus and event store to Axon Server under the same condition, and its JDBC event storage engine backs off once an
 * {@code EventStore} bean exists; tokens, sagas, dead letters and deadlines stay on PostgreSQL ({@link AxonConfiguration}
 * and Axon's JDBC auto-configuration). Nothing here exists in the default mode.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", matchIfMissing = true)
class AxonServerModeConfiguration {

    @Bean
    AxonServerStartupCheck axonServerStartupCheck(AxonServerConnectionManager connections,
                                                  AxonServerConfiguration configuration,
                                                  @Value("${orderflow.axonserver.startup-timeout:15s}") Duration timeout) {
        return new AxonServerStartupCheck(connections, configuration, timeout);
    }
}
