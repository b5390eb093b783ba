package io.orderflow.command.port;

import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierLocation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A supplier's current settings and catalog, as routing reads them. */
public record SupplierOffer(SupplierId supplierId, boolean active, int priority, Set<String> shipsTo,
                            Duration acceptanceSla, int handlingDays, int dailyCapacity,
                            List<SupplierLocation> locations, Map<Sku, CatalogItem> catalog, int catalogVersion) {
}
