package io.orderflow.command.order;

import io.orderflow.coreapi.order.OrderLine;

import java.util.List;

/**
 * What the order answers before a manual allocation: the lines to assign, how many allocations it has so far (the
 * next one's number), and whether the order is held with no other line waiting, so that the allocation ends the hold.
 */
public record ManualAllocationTicket(List<OrderLine> lines, int allocationsSoFar, boolean endsHold) {
}
