package io.orderflow.query.routing;

import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.routing.FindRoutingDecisionsQuery;
import io.orderflow.coreapi.routing.FindAllocatedLinesQuery;
import io.orderflow.coreapi.routing.RoutingDecisionView;
import io.orderflow.coreapi.shared.LineQuantity;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The stored routing decisions of one order (routing_decision), for operators; scoped to the retailer. */
@Component
class RoutingDecisionQueries {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DatabaseClient db;

    RoutingDecisionQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<List<RoutingDecisionView>> handle(FindRoutingDecisionsQuery query) {
        return db.sql("""
                        SELECT allocation_id, supplier_id, location_id, policy_version, decided_at, lines::text AS lines,
                               explanation::text AS explanation
                        FROM routing_decision WHERE order_id = :orderId AND retailer_id = :retailerId
                        ORDER BY decided_at, allocation_id""")
                .bind("orderId", query.orderId().value())
                .bind("retailerId", query.retailerId().value())
                .map((row, meta) -> new RoutingDecisionView(row.get("allocation_id", String.class),
                        row.get("supplier_id", String.class), row.get("location_id", String.class),
                        row.get("policy_version", String.class),
                        row.get("decided_at", OffsetDateTime.class).toInstant(),
                        lines(row.get("lines", String.class)),
                        JSON.readValue(row.get("explanation", String.class), RoutingExplanation.class)))
                .all()
                .collectList()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<AllocatedLine>> handle(FindAllocatedLinesQuery query) {
        return db.sql("SELECT lines::text AS lines FROM routing_decision WHERE allocation_id = :allocationId")
                .bind("allocationId", query.allocationId().value())
                .map((row, meta) -> row.get("lines", String.class))
                .all()
                .concatMapIterable(json -> JSON.readValue(json, new TypeReference<List<AllocatedLine>>() { }))
                .collectList()
                .toFuture();
    }

    /** The stored lines are the event's allocated lines; people need which line and how many. */
    private static List<LineQuantity> lines(String json) {
        var lines = new ArrayList<LineQuantity>();
        JSON.readTree(json).forEach(line -> lines.add(new LineQuantity(line.path("lineId").asString(),
                line.path("quantity").asInt())));
        return lines;
    }
}
