package io.orderflow.infra.routing;

import io.orderflow.command.port.RoutingPolicies;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;

import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

@Component
class JdbcRoutingPolicies implements RoutingPolicies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    JdbcRoutingPolicies(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<ActivePolicy> current(RetailerId retailer) {
        return jdbc.query("""
                SELECT version, max_suppliers_per_order, max_reroute_attempts, unroutable, weights::text
                FROM routing_policy WHERE retailer_id = ?""",
                (rs, i) -> new ActivePolicy(rs.getInt(1), rs.getInt(2), rs.getInt(3),
                        UnroutableAction.valueOf(rs.getString(4)), JSON.readValue(rs.getString(5), RoutingWeights.class)),
                retailer.value()).stream().findFirst();
    }
}
