package io.orderflow.command.routing;

import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;

import java.util.List;
import java.util.Set;

/** The open lines of an order, where they go, and the sources that must not be used again. */
public record RoutingRequest(Destination destination, List<OrderLine> lines, Set<Source> excluded) {
}
