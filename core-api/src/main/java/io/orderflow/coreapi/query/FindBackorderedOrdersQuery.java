package io.orderflow.coreapi.query;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

/** Orders with lines waiting for a SKU this supplier sells as supplierSku, oldest first; answered with BackorderedOrders. */
public record FindBackorderedOrdersQuery(RetailerId retailerId, SupplierId supplierId, String supplierSku, int limit) {
}
