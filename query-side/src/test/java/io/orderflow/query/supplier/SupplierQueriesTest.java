package io.orderflow.query.supplier;

import io.orderflow.coreapi.supplier.FindSuppliersQuery;
import io.orderflow.coreapi.supplier.SupplierListEntry;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.FindSupplierCatalogQuery;
import io.orderflow.coreapi.supplier.FindActiveSuppliersQuery;
import io.orderflow.coreapi.supplier.FindSupplierQuery;
import io.orderflow.coreapi.supplier.LookUpSupplierQuery;
import io.orderflow.coreapi.supplier.SupplierCatalogView;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierView;
import io.orderflow.query.FakeDb;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class SupplierQueriesTest {

    static final RetailerId RETAILER = new RetailerId("r");
    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();

    @Test
    void canReadASupplierOfTheRetailer() {
        db.rows("FROM supplier", row("supplier_id", "s-1", "retailer_id", "r", "version", 3, "name", "Acme",
                "connector_type", "PARTNER", "base_url", "https://acme.example", "shop_domain", null,
                "api_version", null, "locations", """
                        [{"locationId":"berlin","latitude":52.5,"longitude":13.4,"country":"DE","region":null}]""",
                "ships_to", new String[] {"AT", "DE"}, "handling_days", 2, "acceptance_sla_seconds", 2700L,
                "daily_capacity", 500, "priority", 7, "active", true, "catalog_version", 4,
                "updated_at", T0.atOffset(ZoneOffset.UTC)));

        var supplier = new SupplierQueries(db.client()).handle(new FindSupplierQuery(SUPPLIER, RETAILER)).join();

        assertThat(supplier).isEqualTo(new SupplierView("s-1", "r", 3, "Acme",
                new SupplierConnector("PARTNER", "https://acme.example", null, null),
                List.of(new SupplierLocation("berlin", 52.5, 13.4, "DE", null)), List.of("AT", "DE"), 2,
                Duration.ofMinutes(45), 500, 7, true, 4, T0));
        assertThat(db.only().binds()).containsExactly(Map.entry("supplierId", "s-1"), Map.entry("retailerId", "r"));
    }

    @Test
    void canReadASupplierRegisteredWithoutLocationsOrCountries() {
        db.rows("FROM supplier", row("supplier_id", "s-1", "retailer_id", "r", "version", 1, "name", "Acme",
                "connector_type", "PARTNER", "base_url", null, "shop_domain", null, "api_version", null,
                "locations", null, "location_ids", null, "ships_to", null, "handling_days", 0,
                "acceptance_sla_seconds", 60L,
                "daily_capacity", 0, "priority", 0, "active", false, "catalog_version", 0, "updated_at", null));

        var supplier = new SupplierQueries(db.client()).handle(new FindSupplierQuery(SUPPLIER, RETAILER)).join();

        assertThat(supplier.locations()).isEmpty();
        assertThat(supplier.shipsTo()).isEmpty();
        assertThat(supplier.updatedAt()).isNull();
    }

    @Test
    void aSupplierRegisteredBeforeLocationsHadCoordinatesShowsItsLocationIdsToTheMachineryThatLooksItUp() {
        db.rows("FROM supplier", row("supplier_id", "s-1", "retailer_id", "r", "version", 1, "name", "Acme",
                "connector_type", "PARTNER_REST", "base_url", "https://acme.example", "shop_domain", null,
                "api_version", null, "locations", "[]", "location_ids", new String[] {"berlin", "hamburg"},
                "ships_to", new String[] {"DE"}, "handling_days", 1, "acceptance_sla_seconds", 60L,
                "daily_capacity", 10, "priority", 1, "active", true, "catalog_version", 1, "updated_at", null));

        var supplier = new SupplierQueries(db.client()).handle(new LookUpSupplierQuery(SUPPLIER)).join();

        assertThat(supplier.retailerId()).isEqualTo("r");
        assertThat(supplier.locations()).extracting(SupplierLocation::locationId).containsExactly("berlin", "hamburg");
        assertThat(db.only().sql()).doesNotContain("retailer_id =");
        assertThat(db.only().binds()).containsExactly(Map.entry("supplierId", "s-1"));
    }

    @Test
    void theActiveSuppliersOfOneConnectorAreListedById() {
        db.rows("FROM supplier");

        var suppliers = new SupplierQueries(db.client()).handle(new FindActiveSuppliersQuery("SHOPIFY")).join();

        assertThat(suppliers).isEmpty();
        assertThat(db.only().sql()).contains("WHERE active AND connector_type = :type ORDER BY supplier_id");
        assertThat(db.only().binds()).containsExactly(Map.entry("type", "SHOPIFY"));
    }

    @Test
    void canReadTheCatalogInForceWithPlainPrices() {
        db.rows("FROM supplier_catalog_item",
                row("sku", "A", "supplier_sku", "SA", "variant_id", "v-1", "units_per_item", 1,
                        "unit_cost", new BigDecimal("6.5000"), "currency", "EUR"),
                row("sku", "B", "supplier_sku", "SB", "variant_id", null, "units_per_item", 6,
                        "unit_cost", new BigDecimal("10.0000"), "currency", "EUR"))
                .rows("FROM supplier WHERE", row("catalog_version", 4));

        var catalog = new SupplierQueries(db.client()).handle(new FindSupplierCatalogQuery(SUPPLIER, RETAILER)).join();

        assertThat(catalog).isEqualTo(new SupplierCatalogView("s-1", 4, List.of(
                new CatalogItem(new Sku("A"), "SA", "v-1", 1, new Money(new BigDecimal("6.5"), "EUR")),
                new CatalogItem(new Sku("B"), "SB", null, 6, new Money(new BigDecimal("10"), "EUR")))));
        assertThat(catalog.items().get(1).unitCost().amount().toPlainString()).isEqualTo("10");
        assertThat(db.statements().getFirst().binds()).containsEntry("retailerId", "r");
    }

    @Test
    void cannotReadTheCatalogOfAnotherRetailersSupplier() {
        db.rows("FROM supplier_catalog_item", row("sku", "A", "supplier_sku", "SA", "variant_id", null,
                "units_per_item", 1, "unit_cost", BigDecimal.ONE, "currency", "EUR"));

        var catalog = new SupplierQueries(db.client()).handle(new FindSupplierCatalogQuery(SUPPLIER, RETAILER)).join();

        assertThat(catalog).isNull();
        assertThat(db.statements()).singleElement().satisfies(s -> assertThat(s.sql()).contains("FROM supplier WHERE"));
    }

    @Test
    void canListSuppliersWithoutRatesUntilTheyHaveEnoughHistory() {
        db.rows("FROM supplier s", scorecard("s-1", 4, 4, 4, 4), scorecard("s-2", 5, 4, 8, 6),
                scorecard("s-3", 0, 0, 0, 0));

        var suppliers = new SupplierListQueries(db.client()).handle(new FindSuppliersQuery(RETAILER)).join();

        assertThat(suppliers).extracting(SupplierListEntry::scorecard).containsExactly(
                new SupplierListEntry.Scorecard(4, 4, 4, 4, null, null),
                new SupplierListEntry.Scorecard(5, 4, 8, 6, 0.8, 0.75),
                new SupplierListEntry.Scorecard(0, 0, 0, 0, null, null));
        assertThat(suppliers.getFirst()).isEqualTo(new SupplierListEntry("s-1", "Supplier s-1", "PARTNER", false, 1,
                2, T0, new SupplierListEntry.Scorecard(4, 4, 4, 4, null, null)));
        assertThat(db.only().binds()).containsExactly(Map.entry("retailerId", "r"));
    }

    @Test
    void canGiveAnOnTimeRateBeforeAnAcceptanceRate() {
        db.rows("FROM supplier s", scorecard("s-1", 4, 4, 5, 5));

        var scorecard = new SupplierListQueries(db.client()).handle(new FindSuppliersQuery(RETAILER)).join()
                .getFirst().scorecard();

        assertThat(scorecard.acceptanceRate()).isNull();
        assertThat(scorecard.onTimeRate()).isEqualTo(1.0);
    }

    private static Map<String, Object> scorecard(String supplierId, long decided, long accepted, long shipped,
                                                 long onTime) {
        return row("supplier_id", supplierId, "name", "Supplier " + supplierId, "connector_type", "PARTNER",
                "active", null, "priority", 1, "catalog_version", 2, "updated_at", T0.atOffset(ZoneOffset.UTC),
                "decided", decided, "accepted", accepted, "shipped", shipped, "on_time", onTime);
    }
}
