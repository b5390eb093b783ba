package io.orderflow.projection.routing;

import io.orderflow.coreapi.order.SupplierSelectedEvent;

import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Why each allocation went where it went: the explanation and policy version stored with every decision. */
@Component
@ProcessingGroup(RoutingDecisionProjection.GROUP)
class RoutingDecisionProjection {

    public static final String GROUP = "routing-decisions";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    RoutingDecisionProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO routing_decision (allocation_id, order_id, retailer_id, supplier_id, location_id,
                    policy_version, lines, explanation, decided_at)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?) ON CONFLICT (allocation_id) DO NOTHING""",
                e.allocationId().value(), e.orderId().value(), e.retailerId().value(), e.supplierId().value(),
                e.locationId(), e.policyVersion(), JSON.writeValueAsString(e.lines()),
                JSON.writeValueAsString(e.explanation()), java.sql.Timestamp.from(at));
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM routing_decision");
    }
}
