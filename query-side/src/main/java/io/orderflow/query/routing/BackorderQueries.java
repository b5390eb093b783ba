package io.orderflow.query.routing;

import io.orderflow.coreapi.order.FindWaitingBackordersQuery;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.WaitingBackorder;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** Reads for backorder re-routing: which orders wait for what. */
@Component
class BackorderQueries {

    private final DatabaseClient db;

    BackorderQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<List<WaitingBackorder>> handle(FindWaitingBackordersQuery query) {
        var sql = new StringBuilder("SELECT b.order_id, b.retailer_id, min(b.backordered_at) AS since "
                + "FROM backordered_line b WHERE true");
        Map<String, Object> binds = new LinkedHashMap<>();
        if (query.retailerId() != null) {
            sql.append(" AND b.retailer_id = :retailerId");
            binds.put("retailerId", query.retailerId().value());
        }
        if (query.supplierId() != null) {
            // only the lines whose SKU the supplier lists, for its own retailer
            sql.append(" AND EXISTS (SELECT 1 FROM supplier s JOIN supplier_catalog_item c")
                    .append(" ON c.supplier_id = s.supplier_id WHERE s.retailer_id = b.retailer_id")
                    .append(" AND s.supplier_id = :supplierId AND c.sku = b.sku");
            binds.put("supplierId", query.supplierId().value());
            if (query.supplierSku() != null) {
                sql.append(" AND c.supplier_sku = :supplierSku");
                binds.put("supplierSku", query.supplierSku());
            }
            sql.append(")");
        }
        sql.append(" GROUP BY b.order_id, b.retailer_id");
        if (query.after() != null) {
            sql.append(" HAVING (min(b.backordered_at), b.order_id) > (:afterSince, :afterId)");
            binds.put("afterSince", query.after().since().atOffset(ZoneOffset.UTC));
            binds.put("afterId", query.after().orderId().value());
        }
        sql.append(" ORDER BY since, b.order_id LIMIT :limit");
        binds.put("limit", query.limit());
        var spec = db.sql(sql.toString());
        for (var bind : binds.entrySet()) {
            spec = spec.bind(bind.getKey(), bind.getValue());
        }
        return spec.map((row, meta) -> new WaitingBackorder(new OrderId(row.get("order_id", String.class)),
                        new RetailerId(row.get("retailer_id", String.class)),
                        row.get("since", OffsetDateTime.class).toInstant()))
                .all()
                .collectList()
                .toFuture();
    }
}
