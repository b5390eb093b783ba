package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

/** Answered with an {@link OrderView}, or nothing when the order does not exist for that retailer. */
public record FindOrderViewQuery(OrderId orderId, RetailerId retailerId) {
}
