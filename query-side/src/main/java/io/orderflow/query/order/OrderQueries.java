package io.orderflow.query.order;

import io.orderflow.coreapi.order.FindOrderTimelineQuery;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderTimeline;
import io.orderflow.coreapi.order.OrderView;

import java.time.OffsetDateTime;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Answers order queries from the read models, without blocking (R2DBC). Always scoped to the retailer. */
@Component
class OrderQueries {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DatabaseClient db;

    OrderQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<OrderView> handle(FindOrderViewQuery query) {
        return view(query.orderId().value(), query.retailerId().value()).toFuture();
    }

    @QueryHandler
    public CompletableFuture<OrderTimeline> handle(FindOrderTimelineQuery query) {
        return db.sql("""
                        SELECT at, type, text FROM order_timeline
                        WHERE order_id = :orderId AND retailer_id = :retailerId ORDER BY sequence""")
                .bind("orderId", query.orderId().value())
                .bind("retailerId", query.retailerId().value())
                .map((row, meta) -> new OrderTimeline.Entry(row.get("at", OffsetDateTime.class).toInstant(),
                        row.get("type", String.class), row.get("text", String.class)))
                .all()
                .collectList()
                .filter(entries -> !entries.isEmpty())
                .map(OrderTimeline::new)
                .toFuture();
    }

    Mono<OrderView> view(String orderId, String retailerId) {
        return db.sql("SELECT view::text AS view FROM order_view WHERE order_id = :orderId AND retailer_id = :retailerId")
                .bind("orderId", orderId)
                .bind("retailerId", retailerId)
                .map((row, meta) -> row.get("view", String.class))
                .one()
                .map(json -> JSON.readValue(json, OrderView.class));
    }

    Mono<OrderView> viewAnyRetailer(String orderId) {
        return db.sql("SELECT view::text AS view FROM order_view WHERE order_id = :orderId")
                .bind("orderId", orderId)
                .map((row, meta) -> row.get("view", String.class))
                .one()
                .map(json -> JSON.readValue(json, OrderView.class));
    }
}
