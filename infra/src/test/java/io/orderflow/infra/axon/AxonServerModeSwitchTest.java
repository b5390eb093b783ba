package io.orderflow.infra.axon;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class AxonServerModeSwitchTest {

    /** The environment as Boot builds it: variables, then application.yml below them. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        var environment = new StandardEnvironment();
        var sources = environment.getPropertySources();
        sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        sources.addLast(new MapPropertySource("application.yml", Map.of("axon.axonserver.enabled", "false")));
        new AxonServerModeSwitch().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void offWithoutTheVariable() {
        var environment = environment(Map.of());

        assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isFalse();
        assertThat(environment.getProperty("orderflow.audit.sealer.enabled")).isNull();
    }

    @Test
    void theOneVariableTurnsTheModeOn() {
        var environment = environment(Map.of("ORDERFLOW_AXONSERVER_SERVERS", " as1:8124,as2:8124 "));

        assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isTrue();
        assertThat(environment.getProperty("axon.axonserver.servers")).isEqualTo("as1:8124,as2:8124");
        assertThat(environment.getProperty("orderflow.audit.sealer.enabled", Boolean.class)).isFalse();
    }

    @Test
    void anExplicitSettingStillWins() {
        var environment = environment(Map.of("ORDERFLOW_AXONSERVER_SERVERS", "as1:8124",
                "AXON_AXONSERVER_SERVERS", "other:8124"));

        assertThat(environment.getProperty("axon.axonserver.servers")).isEqualTo("other:8124");
        assertThat(environment.getProperty("axon.axonserver.enabled", Boolean.class)).isTrue();
    }
}
