package io.orderflow.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The composition root: every module's components, assembled into one deployable. */
@SpringBootApplication(scanBasePackages = "io.orderflow")
public class OrderflowApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderflowApplication.class, args);
    }
}
