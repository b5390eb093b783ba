package io.orderflow.query.supplier;

import io.orderflow.coreapi.supplier.CatalogSkus;
import io.orderflow.coreapi.supplier.FindCatalogSkusQuery;

import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The retailer SKUs its suppliers' catalogs in force map, for intake from a store and for the availability push. */
@Component
class CatalogSkuQueries {

    private final DatabaseClient db;

    CatalogSkuQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<CatalogSkus> handle(FindCatalogSkusQuery query) {
        boolean all = query.skus() == null || query.skus().isEmpty();
        var spec = db.sql("""
                        SELECT DISTINCT c.sku FROM supplier_catalog_item c
                        JOIN supplier s ON s.supplier_id = c.supplier_id
                        WHERE s.retailer_id = :retailerId""" + (all ? "" : " AND c.sku = ANY(:skus)") + " ORDER BY c.sku")
                .bind("retailerId", query.retailerId().value());
        if (!all) {
            spec = spec.bind("skus", query.skus().toArray(String[]::new));
        }
        return spec.map((row, meta) -> row.get("sku", String.class)).all().collectList().map(CatalogSkus::new)
                .toFuture();
    }
}
