package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.SupplierId;

/**
 * A supplier's directory entry by its id alone, for orderflow's own machinery (dispatch, webhooks, stock sync), which
 * learns the retailer from the answer. Never used to answer a caller: callers ask {@link FindSupplierQuery}, scoped to
 * their retailer. Answered with a {@link SupplierView}, or nothing when no such supplier is registered.
 */
public record LookUpSupplierQuery(SupplierId supplierId) {
}
