package io.orderflow.query.policy;

import io.orderflow.coreapi.routing.FindRoutingPolicyQuery;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Answers the routing policy in force for a retailer, without blocking (R2DBC). */
@Component
class RoutingPolicyQueries {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DatabaseClient db;

    RoutingPolicyQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<RoutingPolicyView> handle(FindRoutingPolicyQuery query) {
        return db.sql("""
                        SELECT retailer_id, version, max_suppliers_per_order, max_reroute_attempts, unroutable,
                               weights::text AS weights, published_at
                        FROM routing_policy WHERE retailer_id = :retailerId""")
                .bind("retailerId", query.retailerId().value())
                .map((row, meta) -> new RoutingPolicyView(row.get("retailer_id", String.class),
                        row.get("version", Integer.class), row.get("max_suppliers_per_order", Integer.class),
                        row.get("max_reroute_attempts", Integer.class),
                        UnroutableAction.valueOf(row.get("unroutable", String.class)),
                        JSON.readValue(row.get("weights", String.class), RoutingWeights.class),
                        row.get("published_at", OffsetDateTime.class).toInstant()))
                .one()
                .toFuture();
    }
}
