package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;
import io.orderflow.coreapi.order.OrderId;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Transient supplier failures are retried with backoff, and the supplier still ends up with exactly one order. */
class ResilienceIT extends AppIntegrationTestBase {

    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    SandboxSuppliers sandbox;

    @BeforeEach
    void suppliers() {
        sandbox = new SandboxSuppliers(http(), demo, jdbc);
        sandbox.once(ResilienceIT.class, suppliers -> {
            suppliers.register("res-a", 1, Map.of("RES-FLAKY", 20));
        });
    }

    @Test
    void threeServiceUnavailableAnswersAreRetriedAndTheOrderIsSubmittedOnce() {
        sandbox.control("res-a", "/fail-next?count=3&status=503", null);

        var orderId = place(orderBody(unique("flaky"), "DE", Map.of("RES-FLAKY", 1))).path("orderId").asString();

        var delivered = awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(60));
        assertThat(delivered.path("lines").path(0).path("supplierId").asString()).isEqualTo("res-a");
        var held = new java.util.ArrayList<String>();
        sandbox.orders("res-a").forEach(order -> {
            if (order.path("reference").asString().startsWith(orderId)) {
                held.add(order.path("id").asString());
            }
        });
        assertThat(held).hasSize(1);
        assertThat(sandbox.events(new OrderId(orderId).value(), "SupplierOrderSubmittedEvent")).isEqualTo(1);
        assertThat(sandbox.events(new OrderId(orderId).value(), "SupplierOrderSubmissionFailedEvent")).isZero();
    }
}
