package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;

/** Retailer SKU → supplier SKU; one retailer item takes unitsPerItem supplier units costing unitCost each. */
public record CatalogItem(Sku sku, String supplierSku, String variantId, int unitsPerItem, Money unitCost) {
}
