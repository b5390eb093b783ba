package io.orderflow.infra.axon;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.util.StringUtils;

/**
 * Deployment mode 4 behind one switch: {@code orderflow.axonserver.servers} (env {@code ORDERFLOW_AXONSERVER_SERVERS},
 * {@code host:8124[,host2:8124]}) turns Axon Server on for commands, queries, events and the event store. Without it
 * {@code axon.axonserver.enabled} stays false (application.yml) and nothing of the connector starts.
 *
 * <p>The settings made here rank below command-line arguments, system properties and environment variables, so an
 * explicit {@code axon.axonserver.*} still wins; they rank above application.yml.
 */
public class AxonServerModeSwitch implements EnvironmentPostProcessor {

    public static final String SERVERS = "orderflow.axonserver.servers";
    static final String PROPERTY_SOURCE_NAME = "orderflowAxonServerMode";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String servers = environment.getProperty(SERVERS);
        if (!StringUtils.hasText(servers)) {
            return;
        }
        var mode = new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                "axon.axonserver.enabled", "true",
                "axon.axonserver.servers", servers.strip(),
                // the sealer chains PostgreSQL's event table, which stays empty in this mode (README, Axon Server mode)
                "orderflow.audit.sealer.enabled", "false"));
        var sources = environment.getPropertySources();
        if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, mode);
        } else {
            sources.addLast(mode);
        }
    }
}
