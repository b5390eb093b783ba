package io.orderflow.query.inventory;

import io.orderflow.coreapi.stock.FindStockDriftQuery;
import io.orderflow.coreapi.stock.StockDriftView;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** What reconciliation recorded in stock_drift, newest first, scoped to the retailer. */
@Component
class StockDriftQueries {

    private final DatabaseClient db;

    StockDriftQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<List<StockDriftView>> handle(FindStockDriftQuery query) {
        var spec = db.sql("""
                        SELECT checked_at, supplier_id, location_id, supplier_sku, ours, theirs, their_as_of, outcome
                        FROM stock_drift WHERE retailer_id = :retailerId"""
                        + (query.supplierId() == null ? "" : " AND supplier_id = :supplierId")
                        + " ORDER BY checked_at DESC, id DESC LIMIT :limit")
                .bind("retailerId", query.retailerId().value())
                .bind("limit", query.limit());
        if (query.supplierId() != null) {
            spec = spec.bind("supplierId", query.supplierId());
        }
        return spec.map((row, meta) -> new StockDriftView(row.get("checked_at", OffsetDateTime.class).toInstant(),
                        row.get("supplier_id", String.class), row.get("location_id", String.class),
                        row.get("supplier_sku", String.class), row.get("ours", Integer.class),
                        row.get("theirs", Integer.class), row.get("their_as_of", OffsetDateTime.class).toInstant(),
                        row.get("outcome", String.class)))
                .all()
                .collectList()
                .toFuture();
    }
}
