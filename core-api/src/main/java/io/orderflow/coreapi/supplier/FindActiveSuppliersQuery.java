package io.orderflow.coreapi.supplier;

/**
 * Every active supplier of every retailer reached through one connector type (PARTNER_REST or SHOPIFY), by id, for
 * orderflow's own machinery (stock reconciliation). Answered with a list of {@link SupplierView}.
 */
public record FindActiveSuppliersQuery(String connectorType) {
}
