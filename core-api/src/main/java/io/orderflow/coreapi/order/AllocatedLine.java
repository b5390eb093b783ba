package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.stock.StockPositionId;

/** One order line (or part of it) given to a supplier; supplierUnits is quantity × units per item. */
public record AllocatedLine(String lineId, Sku sku, int quantity, String supplierSku, int supplierUnits,
                            StockPositionId position) {
}
