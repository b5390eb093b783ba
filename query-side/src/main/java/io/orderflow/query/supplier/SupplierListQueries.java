package io.orderflow.query.supplier;

import io.orderflow.coreapi.supplier.FindSuppliersQuery;
import io.orderflow.coreapi.supplier.SupplierListEntry;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/**
 * The retailer's suppliers with their scorecards: the running counts routing reads (supplier_scorecard). Rates follow
 * routing's rule: none until five allocations were decided (or shipments tracked).
 */
@Component
class SupplierListQueries {

    static final int MINIMUM_HISTORY = 5;

    private final DatabaseClient db;

    SupplierListQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<List<SupplierListEntry>> handle(FindSuppliersQuery query) {
        return db.sql("""
                        SELECT s.supplier_id, s.name, s.connector_type, s.active, s.priority, s.catalog_version,
                               s.updated_at, coalesce(c.decided, 0) AS decided, coalesce(c.accepted, 0) AS accepted,
                               coalesce(c.shipped, 0) AS shipped, coalesce(c.on_time, 0) AS on_time
                        FROM supplier s LEFT JOIN supplier_scorecard c ON c.supplier_id = s.supplier_id
                        WHERE s.retailer_id = :retailerId ORDER BY s.supplier_id""")
                .bind("retailerId", query.retailerId().value())
                .map((row, meta) -> {
                    long decided = row.get("decided", Long.class);
                    long accepted = row.get("accepted", Long.class);
                    long shipped = row.get("shipped", Long.class);
                    long onTime = row.get("on_time", Long.class);
                    var updatedAt = row.get("updated_at", OffsetDateTime.class);
                    return new SupplierListEntry(row.get("supplier_id", String.class), row.get("name", String.class),
                            row.get("connector_type", String.class), Boolean.TRUE.equals(row.get("active", Boolean.class)),
                            row.get("priority", Integer.class), row.get("catalog_version", Integer.class),
                            updatedAt == null ? null : updatedAt.toInstant(),
                            new SupplierListEntry.Scorecard(decided, accepted, shipped, onTime,
                                    decided < MINIMUM_HISTORY ? null : (double) accepted / decided,
                                    shipped < MINIMUM_HISTORY ? null : (double) onTime / shipped));
                })
                .all()
                .collectList()
                .toFuture();
    }
}
