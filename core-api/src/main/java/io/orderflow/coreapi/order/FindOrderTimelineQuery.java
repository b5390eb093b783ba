package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

/** Answered with an {@link OrderTimeline}, or nothing when the order does not exist for that retailer. */
public record FindOrderTimelineQuery(OrderId orderId, RetailerId retailerId) {
}
