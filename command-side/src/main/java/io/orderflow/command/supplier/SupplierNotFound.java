package io.orderflow.command.supplier;

import io.orderflow.coreapi.shared.SupplierId;

/** Also what another retailer's supplier looks like: ids must not leak across tenants. */
public class SupplierNotFound extends IllegalArgumentException {
    public SupplierNotFound(SupplierId supplierId) {
        super("no supplier " + supplierId);
    }
}
