package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.StockPositionId;

/**
 * One order line given to a supplier: supplierUnits is quantity × the catalog's units per item; the catalog
 * version is the one the decision used, and unitCost that version's price of one supplier unit (what the supplier
 * may bill; null in allocations made before it was recorded).
 */
public record AllocatedLine(String lineId, Sku sku, int quantity, String supplierSku, String variantId,
                            int supplierUnits, StockPositionId position, int catalogVersion, Money unitCost) {

    public AllocatedLine(String lineId, Sku sku, int quantity, String supplierSku, String variantId, int supplierUnits,
                         StockPositionId position, int catalogVersion) {
        this(lineId, sku, quantity, supplierSku, variantId, supplierUnits, position, catalogVersion, null);
    }
}
