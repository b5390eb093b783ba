package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;

import java.util.List;

/** What routing would decide for an order now: the plan, the lines nobody can serve, and why. */
public record RoutingPreview(List<PlannedAllocation> plan, List<Unroutable> unroutable, String onUnroutable,
                             RoutingExplanation explanation) {

    public record PlannedAllocation(String supplierId, String locationId, List<LineQuantity> lines, Money landedCost) {
    }

    public record Unroutable(String lineId, String reason) {
    }
}
