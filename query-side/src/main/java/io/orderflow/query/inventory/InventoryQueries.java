package io.orderflow.query.inventory;

import io.orderflow.coreapi.stock.FindStockAvailabilityQuery;
import io.orderflow.coreapi.stock.FindPositionAvailabilityQuery;
import io.orderflow.coreapi.stock.PositionAvailability;
import io.orderflow.coreapi.stock.FindSupplierLocationsQuery;
import io.orderflow.coreapi.stock.StockAvailabilityView;
import io.orderflow.coreapi.stock.SupplierLocations;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.spi.Readable;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * Answers inventory queries from stock_availability without blocking (R2DBC), always scoped to the retailer: a
 * position is shown only when both it and its supplier belong to the caller's retailer. Retailer SKUs map to
 * supplier SKUs through the suppliers' catalogs.
 */
@Component
class InventoryQueries {

    private static final String COLUMNS = """
            SELECT a.supplier_id, a.location_id, c.sku, a.supplier_sku, c.units_per_item, a.reported, a.reserved,
                   a.committed, a.safety_stock, a.available, a.reported_at
            FROM stock_availability a
            JOIN supplier s ON s.supplier_id = a.supplier_id AND s.retailer_id = a.retailer_id
            """;

    private final DatabaseClient db;

    InventoryQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<PositionAvailability> handle(FindPositionAvailabilityQuery query) {
        return db.sql("SELECT reported, available, last_sequence FROM stock_availability WHERE position_id = :id")
                .bind("id", query.positionId().value())
                .map((row, meta) -> new PositionAvailability(row.get("reported", Integer.class),
                        row.get("available", Integer.class), row.get("last_sequence", Long.class)))
                .one()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<StockAvailabilityView>> handle(FindStockAvailabilityQuery query) {
        var sql = query.sku() == null
                ? COLUMNS + """
                LEFT JOIN supplier_catalog_item c ON c.supplier_id = a.supplier_id AND c.supplier_sku = a.supplier_sku
                WHERE a.retailer_id = :retailerId
                ORDER BY a.supplier_id, a.location_id, a.supplier_sku, c.sku
                LIMIT :limit OFFSET :offset"""
                : COLUMNS + """
                JOIN supplier_catalog_item c ON c.supplier_id = a.supplier_id AND c.supplier_sku = a.supplier_sku
                WHERE a.retailer_id = :retailerId AND c.sku = :sku
                ORDER BY a.supplier_id, a.location_id, a.supplier_sku
                LIMIT :limit OFFSET :offset""";
        var spec = db.sql(sql)
                .bind("retailerId", query.retailerId().value())
                .bind("limit", query.limit())
                .bind("offset", query.offset());
        if (query.sku() != null) {
            spec = spec.bind("sku", query.sku());
        }
        return spec.map(InventoryQueries::view).all().collectList().toFuture();
    }

    @QueryHandler
    public CompletableFuture<SupplierLocations> handle(FindSupplierLocationsQuery query) {
        return db.sql("SELECT supplier_id, location_ids FROM supplier WHERE supplier_id = :supplierId AND retailer_id = :retailerId")
                .bind("supplierId", query.supplierId())
                .bind("retailerId", query.retailerId().value())
                .map(row -> {
                    String[] locations = row.get("location_ids", String[].class);
                    return new SupplierLocations(row.get("supplier_id", String.class),
                            locations == null ? List.of() : Arrays.asList(locations));
                })
                .one()
                .toFuture();
    }

    private static StockAvailabilityView view(Readable row) {
        var reportedAt = row.get("reported_at", OffsetDateTime.class);
        return new StockAvailabilityView(row.get("supplier_id", String.class), row.get("location_id", String.class),
                row.get("sku", String.class), row.get("supplier_sku", String.class),
                row.get("units_per_item", Integer.class), integer(row, "reported"), integer(row, "reserved"),
                integer(row, "committed"), integer(row, "safety_stock"), integer(row, "available"),
                reportedAt == null ? null : reportedAt.toInstant());
    }

    private static int integer(Readable row, String column) {
        var value = row.get(column, Integer.class);
        return value == null ? 0 : value;
    }
}
