package io.orderflow.query.order;

import io.orderflow.coreapi.order.OrderSearchPage;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.order.SearchOrdersQuery;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Order search: one keyset page of the retailer's order views, newest placed first. The order (placed_at desc,
 * order_id desc) is total, so a page never repeats or skips an order however many are placed meanwhile; each page
 * is one index range (V25's indexes) whatever its depth.
 */
@Component
class OrderSearchQueries {

    private final DatabaseClient db;

    OrderSearchQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<OrderSearchPage> handle(SearchOrdersQuery query) {
        var sql = new StringBuilder("SELECT v.view::text AS view, v.placed_at, v.order_id FROM order_view v "
                + "WHERE v.retailer_id = :retailerId");
        Map<String, Object> binds = new LinkedHashMap<>();
        binds.put("retailerId", query.retailerId().value());
        if (query.status() != null) {
            sql.append(" AND v.status = :status");
            binds.put("status", query.status());
        }
        if (query.supplierId() != null) {
            sql.append(" AND v.view -> 'lines' @> CAST(:supplierLines AS jsonb)");
            binds.put("supplierLines", OrderQueries.JSON.writeValueAsString(List.of(Map.of("supplierId",
                    query.supplierId()))));
        }
        if (query.sku() != null) {
            sql.append(" AND v.view -> 'lines' @> CAST(:skuLines AS jsonb)");
            binds.put("skuLines", OrderQueries.JSON.writeValueAsString(List.of(Map.of("sku", query.sku()))));
        }
        if (query.placedFrom() != null) {
            sql.append(" AND v.placed_at >= :placedFrom");
            binds.put("placedFrom", query.placedFrom().atOffset(ZoneOffset.UTC));
        }
        if (query.placedTo() != null) {
            sql.append(" AND v.placed_at < :placedTo");
            binds.put("placedTo", query.placedTo().atOffset(ZoneOffset.UTC));
        }
        if (query.atRiskBy() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM order_exception e WHERE e.order_id = v.order_id")
                    .append(" AND (e.due_at IS NULL OR e.due_at <= :atRiskBy))");
            binds.put("atRiskBy", query.atRiskBy().atOffset(ZoneOffset.UTC));
        }
        if (query.after() != null) {
            sql.append(" AND (v.placed_at, v.order_id) < (:afterAt, :afterId)");
            binds.put("afterAt", query.after().placedAt().atOffset(ZoneOffset.UTC));
            binds.put("afterId", query.after().orderId());
        }
        sql.append(" ORDER BY v.placed_at DESC, v.order_id DESC LIMIT :limit");
        binds.put("limit", query.limit() + 1);
        var spec = db.sql(sql.toString());
        for (var bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.map((row, meta) -> new Row(OrderQueries.JSON.readValue(row.get("view", String.class), OrderView.class),
                        new SearchOrdersQuery.Position(row.get("placed_at", OffsetDateTime.class).toInstant(),
                                row.get("order_id", String.class))))
                .all()
                .collectList()
                .map(rows -> {
                    boolean more = rows.size() > query.limit();
                    var page = more ? rows.subList(0, query.limit()) : rows;
                    return new OrderSearchPage(page.stream().map(Row::view).toList(),
                            more ? page.getLast().position() : null);
                })
                .toFuture();
    }

    private record Row(OrderView view, SearchOrdersQuery.Position position) {
    }
}
