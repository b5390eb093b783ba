package io.orderflow.app;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.sandbox.SandboxConfig;
import io.orderflow.sandbox.SupplierSandbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.Environment;

/**
 * {@code --orderflow.roles=services}: the embedded PostgreSQL and Kafka (started by the embedded-services initializer,
 * as in the default run) and the supplier sandbox, and no orderflow node. Several nodes then run against them as they
 * would against a real cluster (README, "Several nodes"). The sandbox sends its webhooks to
 * {@code orderflow.sandbox.webhook-target} (http://localhost:8080), a gateway node or a load balancer before them.
 */
// not a @Configuration: the application's component scan must not find it; SpringApplication reads its @Bean methods
class ServicesNode {

    private static final Logger log = LoggerFactory.getLogger(ServicesNode.class);

    static void run(String[] args) throws InterruptedException {
        var application = new SpringApplication(ServicesNode.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        var stopped = new CountDownLatch(1);
        application.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                stopped.countDown();
            }
        });
        ConfigurableApplicationContext context = application.run(args);
        var environment = context.getEnvironment();
        log.info("""
                services running; start nodes with
                  ORDERFLOW_DB_URL={} ORDERFLOW_DB_USERNAME={} ORDERFLOW_DB_PASSWORD=... ORDERFLOW_KAFKA_BOOTSTRAP={} \
                  ORDERFLOW_SANDBOX_URL={} ORDERFLOW_TRACKING_SECRET=<the same on every node> \
                  ORDERFLOW_KEK=<base64 of 32 random bytes, the same on every node>""",
                environment.getProperty("orderflow.db.url"), environment.getProperty("orderflow.db.username"),
                environment.getProperty("orderflow.kafka.bootstrap"),
                context.getBean(SupplierSandbox.class).baseUrl());
        stopped.await();
    }

    @Bean
    DataSource sandboxDataSource(Environment environment) {
        return DataSourceBuilder.create()
                .url(environment.getRequiredProperty("orderflow.db.url"))
                .username(environment.getProperty("orderflow.db.username"))
                .password(environment.getProperty("orderflow.db.password"))
                .build();
    }

    @Bean(destroyMethod = "close")
    SupplierSandbox sandbox(DataSource sandboxDataSource,
                            @Value("${orderflow.sandbox.port:8091}") int port,
                            @Value("${orderflow.sandbox.webhook-target:http://localhost:8080}") URI webhookTarget,
                            @Value("${orderflow.sandbox.time-scale:1.0}") double timeScale,
                            @Value("${orderflow.sandbox.extra-suppliers:}") List<String> extraSuppliers,
                            @Value("${orderflow.sandbox.extra-shops:}") List<String> extraShops) {
        return SupplierSandbox.start(new SandboxConfig(port, webhookTarget,
                DemoSuppliers.simulatedSuppliers(timeScale, extraSuppliers, extraShops)), sandboxDataSource);
    }
}
