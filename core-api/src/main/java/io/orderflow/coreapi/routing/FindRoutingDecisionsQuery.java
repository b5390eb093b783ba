package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

/** Why each of the order's allocations went where it went, oldest decision first. */
public record FindRoutingDecisionsQuery(OrderId orderId, RetailerId retailerId) {
}
