package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogIndexTest {

    @Test
    void findsEverySkuOfALargeSequentialCatalogAndNothingElse() {
        Map<Sku, CatalogItem> catalog = new HashMap<>();
        for (int k = 0; k < 2000; k += 2) {
            catalog.put(sku("SKU-%05d".formatted(k)), item("SKU-%05d".formatted(k), "S-" + k, 1));
        }
        var index = CatalogIndex.of(catalog, List.of());

        for (int k = 0; k < 2000; k++) {
            var sku = sku("SKU-%05d".formatted(k));
            int entry = index.entryOf(sku, sku.hashCode());
            if (k % 2 == 0) {
                assertThat(index.item(entry)).isSameAs(catalog.get(sku));
            } else {
                assertThat(entry).isEqualTo(-1);
            }
        }
    }

    @Test
    void tellsApartSkusWithTheSameHashCode() {
        // "Aa" and "BB" have the same String hash code
        assertThat(new Sku("Aa").hashCode()).isEqualTo(new Sku("BB").hashCode());
        var index = CatalogIndex.of(Map.of(sku("Aa"), item("Aa", "S-Aa", 1)), List.of());

        assertThat(index.get(sku("Aa")).supplierSku()).isEqualTo("S-Aa");
        assertThat(index.get(sku("BB"))).isNull();
        assertThat(index.entryOf(sku("BB"), sku("BB").hashCode())).isEqualTo(-1);
    }

    @Test
    void readsEachLocationsStockPerEntryAndZeroWhereTheLocationHasNone() {
        var single = item("TEE", "S-TEE", 1);
        var pack = item("TEE-6", "S-TEE", 6);
        var other = item("CAP", "S-CAP", 1);
        var catalog = Map.of(sku("TEE"), single, sku("TEE-6"), pack, sku("CAP"), other);
        var north = new Location("north", null, null, "FR", "IDF", Map.of("S-TEE", 40, "S-CAP", 3));
        var south = new Location("south", null, null, "FR", "PAC", Map.of("S-CAP", 9));
        var index = CatalogIndex.of(catalog, List.of(north, south));

        int tee = index.entryOf(sku("TEE"), sku("TEE").hashCode());
        int teePack = index.entryOf(sku("TEE-6"), sku("TEE-6").hashCode());
        int cap = index.entryOf(sku("CAP"), sku("CAP").hashCode());
        assertThat(index.stock(0)[tee]).isEqualTo(40);
        assertThat(index.stock(0)[teePack]).isEqualTo(40);
        assertThat(index.stock(0)[cap]).isEqualTo(3);
        assertThat(index.stock(1)[tee]).isZero();
        assertThat(index.stock(1)[cap]).isEqualTo(9);
        assertThat(index.stockKey(tee)).isEqualTo(index.stockKey(teePack)).isNotEqualTo(index.stockKey(cap));
        assertThat(index.unitsPerItem(teePack)).isEqualTo(6);
        assertThat(index.unitCost(cap)).isEqualTo(2.5);
        assertThat(index.currency()).isEqualTo("EUR");
    }

    @Test
    void isEqualToTheCatalogItWasBuiltFrom() {
        var catalog = Map.of(sku("A"), item("A", "S-A", 1), sku("B"), item("B", "S-B", 6));
        var index = CatalogIndex.of(catalog, List.of());

        assertThat(index).isEqualTo(catalog).hasSameHashCodeAs(catalog).hasSize(2);
        assertThat(index.containsKey(sku("A"))).isTrue();
        assertThat(index.containsKey("A")).isFalse();
        assertThat(CatalogIndex.of(Map.of(), List.of())).isEmpty();
    }

    private static Sku sku(String value) {
        return new Sku(value);
    }

    private static CatalogItem item(String sku, String supplierSku, int unitsPerItem) {
        return new CatalogItem(sku(sku), supplierSku, "gid://variant/" + supplierSku, unitsPerItem,
                new Money(new BigDecimal("2.50"), "EUR"));
    }
}
