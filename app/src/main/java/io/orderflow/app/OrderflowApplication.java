package io.orderflow.app;

import io.orderflow.infra.cluster.NodeRoles;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The composition root: every module's components, assembled into one deployable. */
@SpringBootApplication(scanBasePackages = "io.orderflow")
public class OrderflowApplication {

    public static void main(String[] args) throws InterruptedException {
        if (servicesOnly(args)) {
            ServicesNode.run(args);
            return;
        }
        SpringApplication.run(OrderflowApplication.class, args);
    }

    /** {@code --orderflow.roles=services} (or {@code ORDERFLOW_ROLES=services}): the embedded services alone. */
    static boolean servicesOnly(String[] args) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return NodeRoles.SERVICES.equalsIgnoreCase(environment.getProperty(NodeRoles.PROPERTY, "").trim());
    }
}
