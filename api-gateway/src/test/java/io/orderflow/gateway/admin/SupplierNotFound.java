package io.orderflow.gateway.admin;

/** Stands in for command-side's exception of the same name, which the gateway recognises by name only. */
class SupplierNotFound extends IllegalArgumentException {
    SupplierNotFound(String supplierId) {
        super("no supplier " + supplierId);
    }
}
