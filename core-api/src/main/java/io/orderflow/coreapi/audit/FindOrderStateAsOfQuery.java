package io.orderflow.coreapi.audit;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/** Answered with an {@link OrderStateAsOf}, or nothing when the order did not exist for that retailer at that instant. */
public record FindOrderStateAsOfQuery(OrderId orderId, RetailerId retailerId, Instant asOf) {
}
