package io.orderflow.command.order;

import java.util.List;

/** What the order answers when routing starts: which attempt this is and which lines still need a supplier. */
public record RoutingTicket(int attempt, int allocationsSoFar, List<String> openLineIds) {

    public boolean nothingToRoute() {
        return openLineIds.isEmpty();
    }
}
