package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

/** Answered with a {@link SupplierCatalogView}, or nothing when the supplier does not exist for that retailer. */
public record FindSupplierCatalogQuery(SupplierId supplierId, RetailerId retailerId) {
}
