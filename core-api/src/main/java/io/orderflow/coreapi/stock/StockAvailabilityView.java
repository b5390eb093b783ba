package io.orderflow.coreapi.stock;

import java.time.Instant;

/**
 * One position as the inventory view shows it. sku and unitsPerItem are null for a supplier SKU that
 * is in no catalog. available may be negative: the supplier reported less than is already promised.
 */
public record StockAvailabilityView(String supplierId, String locationId, String sku, String supplierSku,
                                    Integer unitsPerItem, int reported, int reserved, int committed, int safetyStock,
                                    int available, Instant reportedAt) {
}
