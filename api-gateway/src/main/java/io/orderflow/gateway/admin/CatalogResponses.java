package io.orderflow.gateway.admin;

import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierCatalogView;

import java.math.BigDecimal;
import java.util.List;

/** What the catalog endpoints answer. */
final class CatalogResponses {

    private CatalogResponses() {
    }

    record Published(String supplierId, int catalogVersion) {
    }

    record Catalog(String supplierId, int catalogVersion, List<Item> items) {

        static Catalog of(SupplierCatalogView view) {
            return new Catalog(view.supplierId(), view.version(), view.items().stream().map(Item::of).toList());
        }
    }

    record Item(String sku, String supplierSku, String variantId, int unitsPerItem, BigDecimal unitCost,
                String currency) {

        static Item of(CatalogItem item) {
            return new Item(item.sku().value(), item.supplierSku(), item.variantId(), item.unitsPerItem(),
                    item.unitCost().amount(), item.unitCost().currency());
        }
    }
}
