package io.orderflow.query.inventory;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.stock.FindStockAvailabilityQuery;
import io.orderflow.coreapi.stock.FindStockDriftQuery;
import io.orderflow.coreapi.stock.FindSupplierLocationsQuery;
import io.orderflow.coreapi.stock.StockAvailabilityView;
import io.orderflow.coreapi.stock.StockDriftView;
import io.orderflow.coreapi.stock.SupplierLocations;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class InventoryQueriesTest {

    static final RetailerId RETAILER = new RetailerId("r");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();
    final InventoryQueries queries = new InventoryQueries(db.client());

    @Test
    void canListEveryPositionOfTheRetailerEvenWithoutACatalogEntry() {
        queries.handle(new FindStockAvailabilityQuery(RETAILER, null, 20, 40)).join();

        var statement = db.only();
        assertThat(statement.sql()).contains("JOIN supplier s ON s.supplier_id = a.supplier_id AND s.retailer_id = a.retailer_id",
                "LEFT JOIN supplier_catalog_item c", "WHERE a.retailer_id = :retailerId", "LIMIT :limit OFFSET :offset")
                .doesNotContain(":sku");
        assertThat(statement.binds()).containsExactly(Map.entry("retailerId", "r"), Map.entry("limit", 20),
                Map.entry("offset", 40));
    }

    @Test
    void canListOnlyThePositionsOfOneRetailerSku() {
        queries.handle(new FindStockAvailabilityQuery(RETAILER, "A", 20, 0)).join();

        var statement = db.only();
        assertThat(statement.sql()).contains("\nJOIN supplier_catalog_item c", "AND c.sku = :sku")
                .doesNotContain("LEFT JOIN");
        assertThat(statement.binds()).containsEntry("sku", "A").containsEntry("retailerId", "r");
    }

    @Test
    void canShowAPositionWithNothingReservedYet() {
        db.rows("FROM stock_availability", row("supplier_id", "s", "location_id", "loc", "sku", null,
                "supplier_sku", "SA", "units_per_item", null, "reported", 10, "reserved", null, "committed", null,
                "safety_stock", 2, "available", 8, "reported_at", T0.atOffset(ZoneOffset.ofHours(1))),
                row("supplier_id", "s", "location_id", "loc", "sku", "A", "supplier_sku", "SB", "units_per_item", 6,
                        "reported", null, "reserved", null, "committed", null, "safety_stock", null, "available", null,
                        "reported_at", null));

        var views = queries.handle(new FindStockAvailabilityQuery(RETAILER, null, 20, 0)).join();

        assertThat(views).containsExactly(new StockAvailabilityView("s", "loc", null, "SA", null, 10, 0, 0, 2, 8, T0),
                new StockAvailabilityView("s", "loc", "A", "SB", 6, 0, 0, 0, 0, 0, null));
    }

    @Test
    void canListASuppliersLocationsForItsOwnRetailerOnly() {
        db.rows("FROM supplier", row("supplier_id", "s", "location_ids", new String[] {"berlin", "paris"}));

        var locations = queries.handle(new FindSupplierLocationsQuery(RETAILER, "s")).join();

        assertThat(locations).isEqualTo(new SupplierLocations("s", List.of("berlin", "paris")));
        assertThat(db.only().binds()).containsExactly(Map.entry("supplierId", "s"), Map.entry("retailerId", "r"));
    }

    @Test
    void canListASupplierWithoutLocations() {
        db.rows("FROM supplier", row("supplier_id", "s", "location_ids", null));

        assertThat(queries.handle(new FindSupplierLocationsQuery(RETAILER, "s")).join().locationIds()).isEmpty();
    }

    @Test
    void canListDriftNewestFirstForOneSupplierOrAll() {
        var drift = new StockDriftQueries(db.client());
        drift.handle(new FindStockDriftQuery(RETAILER, null, 10)).join();
        drift.handle(new FindStockDriftQuery(RETAILER, "s", 10)).join();

        var all = db.statements().get(0);
        assertThat(all.sql()).doesNotContain(":supplierId").endsWith(" ORDER BY checked_at DESC, id DESC LIMIT :limit");
        assertThat(all.binds()).containsOnlyKeys("retailerId", "limit");
        var one = db.statements().get(1);
        assertThat(one.sql()).contains("WHERE retailer_id = :retailerId AND supplier_id = :supplierId ORDER BY");
        assertThat(one.binds()).containsEntry("supplierId", "s");
    }

    @Test
    void canShowDriftWithoutOurCount() {
        db.rows("FROM stock_drift", row("checked_at", T0.atOffset(ZoneOffset.UTC), "supplier_id", "s",
                "location_id", "loc", "supplier_sku", "SA", "ours", null, "theirs", 7,
                "their_as_of", T0.minusSeconds(5).atOffset(ZoneOffset.UTC), "outcome", "UNKNOWN_TO_US"));

        var drift = new StockDriftQueries(db.client()).handle(new FindStockDriftQuery(RETAILER, null, 10)).join();

        assertThat(drift).containsExactly(new StockDriftView(T0, "s", "loc", "SA", null, 7, T0.minusSeconds(5),
                "UNKNOWN_TO_US"));
    }
}
