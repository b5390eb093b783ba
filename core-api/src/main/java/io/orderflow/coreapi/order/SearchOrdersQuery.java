package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/**
 * One page of the retailer's orders, newest placed first (ties by order id, descending); every filter is optional
 * (null). placedFrom is inclusive, placedTo exclusive. atRiskBy: only orders on the exceptions list with a deadline
 * before it (or trouble now). after: the position of the last order of the previous page.
 */
public record SearchOrdersQuery(RetailerId retailerId, String status, String supplierId, String sku,
                                Instant placedFrom, Instant placedTo, Instant atRiskBy, int limit, Position after) {

    public record Position(Instant placedAt, String orderId) {
    }
}
