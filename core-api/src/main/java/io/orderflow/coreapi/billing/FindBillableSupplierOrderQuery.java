package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.SupplierId;

/** Answers an Optional of {@link BillableSupplierOrder}. */
public record FindBillableSupplierOrderQuery(SupplierId supplierId, String supplierOrderRef) {
}
