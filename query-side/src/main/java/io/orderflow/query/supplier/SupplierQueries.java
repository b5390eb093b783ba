package io.orderflow.query.supplier;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.FindSupplierCatalogQuery;
import io.orderflow.coreapi.supplier.FindActiveSuppliersQuery;
import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierCatalogView;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.spi.Readable;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Answers supplier queries from the supplier directory, without blocking (R2DBC). Always scoped to the retailer. */
@Component
class SupplierQueries {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<SupplierLocation>> LOCATIONS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    SupplierQueries(DatabaseClient db) {
        this.db = db;
    }

    private static final String COLUMNS = """
            SELECT supplier_id, retailer_id, version, name, connector_type, base_url, shop_domain, api_version,
                   locations::text AS locations, location_ids, ships_to, handling_days, acceptance_sla_seconds,
                   daily_capacity, priority, active, catalog_version, updated_at
            FROM supplier""";

    @QueryHandler
    public CompletableFuture<SupplierView> handle(FindSupplierQuery query) {
        return db.sql(COLUMNS + " WHERE supplier_id = :supplierId AND retailer_id = :retailerId")
                .bind("supplierId", query.supplierId().value())
                .bind("retailerId", query.retailerId().value())
                .map(SupplierQueries::view)
                .one()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<SupplierView> handle(LookUpSupplierQuery query) {
        return db.sql(COLUMNS + " WHERE supplier_id = :supplierId")
                .bind("supplierId", query.supplierId().value())
                .map(SupplierQueries::view)
                .one()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<SupplierView>> handle(FindActiveSuppliersQuery query) {
        return db.sql(COLUMNS + " WHERE active AND connector_type = :type ORDER BY supplier_id")
                .bind("type", query.connectorType())
                .map(SupplierQueries::view)
                .all()
                .collectList()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<SupplierCatalogView> handle(FindSupplierCatalogQuery query) {
        String supplierId = query.supplierId().value();
        Mono<List<CatalogItem>> items = db.sql("""
                        SELECT sku, supplier_sku, variant_id, units_per_item, unit_cost, currency
                        FROM supplier_catalog_item WHERE supplier_id = :supplierId ORDER BY sku""")
                .bind("supplierId", supplierId)
                .map((row, meta) -> new CatalogItem(new Sku(row.get("sku", String.class)),
                        row.get("supplier_sku", String.class), row.get("variant_id", String.class),
                        row.get("units_per_item", Integer.class),
                        new Money(plain(row.get("unit_cost", BigDecimal.class)),
                                row.get("currency", String.class))))
                .all()
                .collectList();
        return db.sql("SELECT catalog_version FROM supplier WHERE supplier_id = :supplierId AND retailer_id = :retailerId")
                .bind("supplierId", supplierId)
                .bind("retailerId", query.retailerId().value())
                .map((row, meta) -> row.get("catalog_version", Integer.class))
                .one()
                .flatMap(version -> items.map(list -> new SupplierCatalogView(supplierId, version, list)))
                .toFuture();
    }

    // the column keeps four decimals: 6.5000 is read back as 6.5, and 10.0000 as 10, not 1E+1
    private static BigDecimal plain(BigDecimal amount) {
        var stripped = amount.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** Rows written before locations carried coordinates only have their ids. */
    private static List<SupplierLocation> locations(Readable row) {
        String locations = row.get("locations", String.class);
        List<SupplierLocation> withCoordinates = locations == null ? List.of() : JSON.readValue(locations, LOCATIONS);
        if (!withCoordinates.isEmpty()) {
            return withCoordinates;
        }
        String[] ids = row.get("location_ids", String[].class);
        return ids == null ? List.of()
                : Arrays.stream(ids).map(id -> new SupplierLocation(id, null, null, null, null)).toList();
    }

    private static SupplierView view(Readable row) {
        String[] shipsTo = row.get("ships_to", String[].class);
        OffsetDateTime updatedAt = row.get("updated_at", OffsetDateTime.class);
        return new SupplierView(row.get("supplier_id", String.class), row.get("retailer_id", String.class),
                row.get("version", Integer.class), row.get("name", String.class),
                new SupplierConnector(row.get("connector_type", String.class), row.get("base_url", String.class),
                        row.get("shop_domain", String.class), row.get("api_version", String.class)),
                locations(row),
                shipsTo == null ? List.of() : Arrays.asList(shipsTo),
                row.get("handling_days", Integer.class),
                Duration.ofSeconds(row.get("acceptance_sla_seconds", Long.class)),
                row.get("daily_capacity", Integer.class), row.get("priority", Integer.class),
                row.get("active", Boolean.class), row.get("catalog_version", Integer.class),
                updatedAt == null ? null : updatedAt.toInstant());
    }
}
