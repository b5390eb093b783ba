package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

public record RouteOrderCommand(OrderId orderId, RetailerId retailerId, Destination destination, List<OrderLine> lines,
                                Instant requestedAt) {
}
