package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.StockPositionId;

/**
 * One order line given to a supplier: supplierUnits is quantity × the catalog's units per item; the catalog
 * version is the one the decision used.
 */
public record AllocatedLine(String lineId, Sku sku, int quantity, String supplierSku, String variantId,
                            int supplierUnits, StockPositionId position, int catalogVersion) {
}
