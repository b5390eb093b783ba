package io.orderflow.coreapi.tracking;

import io.orderflow.coreapi.order.OrderId;

/**
 * Answered with an {@link OrderTracking}, or nothing when the tracking read model has no such order. Not scoped to a
 * retailer: only the holder of the order's signed tracking link gets to ask.
 */
public record FindOrderTrackingQuery(OrderId orderId) {
}
