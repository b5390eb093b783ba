package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/** Routes the order's lines that have no supplier yet; handled by the routing service, not the aggregate. */
public record RouteOrderCommand(OrderId orderId, RetailerId retailerId, Instant requestedAt) {
}
