package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;

/** The retailer's stock positions, of one retailer SKU when sku is given; a page of at most limit rows. */
public record FindStockAvailabilityQuery(RetailerId retailerId, String sku, int limit, int offset) {
}
