package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

/** Answered with a {@link SupplierView}, or nothing when the supplier does not exist for that retailer. */
public record FindSupplierQuery(SupplierId supplierId, RetailerId retailerId) {
}
