package io.orderflow.command.order;

import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What the order answers when routing starts: which attempt this is, the lines still waiting for a supplier
 * and what routing needs to know about them, and the sources that already failed this order.
 */
public record RoutingTicket(int attempt, int allocationsSoFar, List<OrderLine> openLines, Destination destination,
                            String channel, LocalDate promiseBy, Set<FailedSource> failedSources) {

    public boolean nothingToRoute() {
        return openLines.isEmpty();
    }

    /** A source that failed this order, with why (for the routing explanation); one per failed allocation. */
    public record FailedSource(SupplierId supplierId, String locationId, String allocationId, String reason) {
    }
}
