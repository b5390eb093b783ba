package io.orderflow.command.routing;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;

/** What a routing strategy proposes; nothing is reserved until the routing service makes it so. */
public record RoutingPlan(List<PlannedAllocation> allocations, List<String> unroutableLineIds,
                          RoutingExplanation explanation, String policyVersion) {

    public record PlannedAllocation(SupplierId supplierId, String locationId, List<AllocatedLine> lines,
                                    Duration acceptanceSla) {

        public Source source() {
            return new Source(supplierId, locationId);
        }
    }
}
