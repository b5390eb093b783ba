package io.orderflow.command.port;

import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A supplier as routing sees it: where it ships from and to, how it ranks, and what it can sell. */
public record SupplierOffer(SupplierId supplierId, boolean active, int priority, Set<String> shipsTo,
                            Duration acceptanceSla, List<String> locationIds, Map<Sku, CatalogEntry> catalog) {

    public record CatalogEntry(String supplierSku, int unitsPerItem) {
    }
}
