package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.LocalDate;
import java.util.List;

/** A dry run of routing on a hypothetical order: answered with a {@link RoutingPreview}, nothing changes. */
public record PreviewRoutingQuery(RetailerId retailerId, List<OrderLine> lines, Destination destination, String channel,
                                  LocalDate promiseBy) {
}
