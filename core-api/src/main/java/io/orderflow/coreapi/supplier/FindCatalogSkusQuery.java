package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;

/**
 * Which of these retailer SKUs some catalog of the retailer's suppliers maps (every one, when skus is empty).
 * Answered with a {@link CatalogSkus}.
 */
public record FindCatalogSkusQuery(RetailerId retailerId, List<String> skus) {
}
