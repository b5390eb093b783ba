package io.orderflow.query.policy;

import io.orderflow.command.port.RoutingPolicies;
import io.orderflow.query.supplier.DirectoryChanges;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

@Component
class JdbcRoutingPolicies implements RoutingPolicies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A policy changes when it is published; kept per retailer until the directory announces a change. */
    private record Cached(long generation, Optional<ActivePolicy> policy) {
    }

    private final JdbcTemplate jdbc;
    private final DirectoryChanges changes;
    private final Map<RetailerId, Cached> cache = new ConcurrentHashMap<>();

    JdbcRoutingPolicies(JdbcTemplate jdbc, DirectoryChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    @Override
    public Optional<ActivePolicy> current(RetailerId retailer) {
        long generation = changes.generation();
        Cached cached = cache.get(retailer);
        if (cached != null && generation >= 0 && cached.generation() == generation) {
            return cached.policy();
        }
        var policy = read(retailer);
        if (generation >= 0) {
            if (cache.size() > 1_000) {
                cache.clear();
            }
            cache.put(retailer, new Cached(generation, policy));
        }
        return policy;
    }

    private Optional<ActivePolicy> read(RetailerId retailer) {
        return jdbc.query("""
                SELECT version, max_suppliers_per_order, max_reroute_attempts, unroutable, weights::text
                FROM routing_policy WHERE retailer_id = ?""",
                (rs, i) -> new ActivePolicy(rs.getInt(1), rs.getInt(2), rs.getInt(3),
                        UnroutableAction.valueOf(rs.getString(4)), JSON.readValue(rs.getString(5), RoutingWeights.class)),
                retailer.value()).stream().findFirst();
    }
}
