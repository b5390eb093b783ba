package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

/**
 * Orders with backordered lines, oldest first (by their oldest waiting line, then order id), answered with a list of
 * {@link WaitingBackorder}; at most {@code limit}, those after {@code after} when it is given (the last of the page
 * before). Narrowed to one retailer when {@code retailerId} is given; to the lines whose SKU {@code supplierId} lists
 * in its catalog (for its own retailer) when it is given, and then to its {@code supplierSku} when that is given too.
 */
public record FindWaitingBackordersQuery(RetailerId retailerId, SupplierId supplierId, String supplierSku,
                                         WaitingBackorder after, int limit) {

    public FindWaitingBackordersQuery {
        if (supplierSku != null && supplierId == null) {
            throw new IllegalArgumentException("a supplier SKU is one supplier's: name the supplier");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
    }
}
