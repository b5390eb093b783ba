package io.orderflow.query.routing;

import io.orderflow.coreapi.query.BackorderedOrders;
import io.orderflow.coreapi.query.FindBackorderedOrdersQuery;

import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

@Component
/** Reads for backorder re-routing: who waits for a SKU. */
class BackorderQueries {

    private final DatabaseClient db;

    BackorderQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<BackorderedOrders> handle(FindBackorderedOrdersQuery query) {
        return db.sql("""
                        SELECT b.order_id, min(b.backordered_at) AS since FROM backordered_line b
                        JOIN supplier_catalog_item c ON c.sku = b.sku
                        WHERE b.retailer_id = :retailerId AND c.supplier_id = :supplierId AND c.supplier_sku = :supplierSku
                        GROUP BY b.order_id ORDER BY since, b.order_id LIMIT :limit""")
                .bind("retailerId", query.retailerId().value())
                .bind("supplierId", query.supplierId().value())
                .bind("supplierSku", query.supplierSku())
                .bind("limit", query.limit())
                .map((row, meta) -> row.get("order_id", String.class))
                .all()
                .collectList()
                .map(BackorderedOrders::new)
                .toFuture();
    }
}
