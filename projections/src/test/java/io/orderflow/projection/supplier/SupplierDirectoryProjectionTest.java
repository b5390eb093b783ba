package io.orderflow.projection.supplier;

import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyPublishedEvent;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;
import io.orderflow.coreapi.supplier.SupplierConnector;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierRegisteredEvent;
import io.orderflow.projection.RecordingJdbc;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SupplierDirectoryProjectionTest {

    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final RecordingJdbc jdbc = new RecordingJdbc();
    final SupplierDirectoryProjection projection = new SupplierDirectoryProjection(jdbc);

    @Test
    void canStoreARegistrationUnlessANewerVersionIsStored() {
        var locations = List.of(new SupplierLocation("berlin", 52.5, 13.4, "DE", "BE"),
                new SupplierLocation("paris", 48.9, 2.35, "FR", null));
        projection.on(new SupplierRegisteredEvent(SUPPLIER, RETAILER, 3, "Acme",
                new SupplierConnector("SHOPIFY", null, "acme.myshopify.com", "2025-01"), locations,
                Set.of("FR", "DE", "AT"), 2, Duration.ofMinutes(45), 500, 7, true), T0);

        var upsert = jdbc.only("INSERT INTO supplier");
        assertThat(upsert.sql()).contains("WHERE supplier.version < excluded.version");
        assertThat(upsert.args().subList(0, 8)).containsExactly("s-1", "r", 3, "Acme", "SHOPIFY", null,
                "acme.myshopify.com", "2025-01");
        assertThat(JSON.readValue((String) upsert.arg(8), new TypeReference<List<SupplierLocation>>() {
        })).isEqualTo(locations);
        assertThat((String[]) upsert.arg(9)).containsExactly("berlin", "paris");
        assertThat((String[]) upsert.arg(10)).containsExactly("AT", "DE", "FR");
        assertThat(upsert.args().subList(11, 17)).containsExactly(2, 2700L, 500, 7, true, Timestamp.from(T0));
        assertThat(jdbc.only("pg_notify").args()).containsExactly("supplier_directory_changed", "r/s-1");
    }

    @Test
    void canReplaceTheWholeCatalogWithANewerVersion() {
        projection.on(catalog(4));

        assertThat(jdbc.statements()).extracting(SupplierDirectoryProjectionTest::start).containsExactly(
                "UPDATE supplier SET", "DELETE FROM supplier_catalog_item", "INSERT INTO supplier_catalog_item",
                "INSERT INTO supplier_catalog_item", "SELECT pg_notify(?, ?)");
        assertThat(jdbc.only("UPDATE supplier").args()).containsExactly(4, "s-1", 4);
        assertThat(jdbc.statements("INSERT INTO supplier_catalog_item")).extracting(RecordingJdbc.Statement::args)
                .containsExactly(List.of("s-1", "A", "SA", "v-1", 1, new BigDecimal("6.50"), "EUR"),
                        List.of("s-1", "B", "SB", "v-2", 6, new BigDecimal("10"), "EUR"));
        assertThat(jdbc.only("pg_notify").args()).containsExactly("supplier_directory_changed", "r/s-1");
    }

    @Test
    void cannotReplaceTheCatalogWithAnOlderOrTheSameVersion() {
        var stored = new RecordingJdbc().updateCount(s -> 0).rows("SELECT 1 FROM supplier", new Object[] {1});
        new SupplierDirectoryProjection(stored).on(catalog(4));

        assertThat(stored.statements()).extracting(SupplierDirectoryProjectionTest::start)
                .containsExactly("UPDATE supplier SET", "SELECT 1 FROM");
        assertThat(stored.statements("pg_notify")).isEmpty();
    }

    @Test
    void cannotStoreTheCatalogOfASupplierItNeverSawRegistered() {
        var missing = new SupplierDirectoryProjection(new RecordingJdbc().updateCount(s -> 0));
        assertThatIllegalStateException().isThrownBy(() -> missing.on(catalog(1))).withMessageContaining("s-1");
    }

    @Test
    void canStoreANewerRoutingPolicyAndAnnounceItForTheRetailer() {
        var weights = new RoutingWeights(2, 1, 0.5, 1, 1, 3);
        projection.on(new RoutingPolicyPublishedEvent(new RoutingPolicyId("r"), RETAILER, 5, 2, 3,
                UnroutableAction.HOLD, weights), T0);

        var upsert = jdbc.only("INSERT INTO routing_policy");
        assertThat(upsert.sql()).contains("WHERE routing_policy.version < excluded.version");
        assertThat(upsert.args()).hasSize(7).startsWith("r", 5, 2, 3, "HOLD").endsWith(Timestamp.from(T0));
        assertThat(JSON.readValue((String) upsert.arg(5), RoutingWeights.class)).isEqualTo(weights);
        assertThat(jdbc.only("pg_notify").args()).containsExactly("supplier_directory_changed", "r");
    }

    @Test
    void canForgetWhatHistoryRebuildsButKeepTheSecrets() {
        projection.reset();

        assertThat(jdbc.statements()).extracting(RecordingJdbc.Statement::sql).containsExactly(
                "DELETE FROM supplier_catalog_item", "DELETE FROM supplier", "DELETE FROM routing_policy",
                "SELECT pg_notify(?, ?)");
        assertThat(jdbc.only("pg_notify").args()).containsExactly("supplier_directory_changed", "*");
    }

    private static String start(RecordingJdbc.Statement statement) {
        return String.join(" ", java.util.Arrays.copyOf(statement.sql().strip().split("\\s+"), 3));
    }

    private static SupplierCatalogPublishedEvent catalog(int version) {
        return new SupplierCatalogPublishedEvent(SUPPLIER, RETAILER, version, List.of(
                new CatalogItem(new Sku("A"), "SA", "v-1", 1, new Money(new BigDecimal("6.50"), "EUR")),
                new CatalogItem(new Sku("B"), "SB", "v-2", 6, new Money(new BigDecimal("10"), "EUR"))));
    }
}
