package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

/**
 * The engine's answer: one allocation per chosen source, the lines nobody may serve, what the policy says to do
 * with those ({@code onUnroutable}), and the explanation to store with the decision.
 */
public record RoutingDecision(List<Allocation> allocations, List<UnroutableLine> unroutable,
                              UnroutableAction onUnroutable, Explanation explanation) {

    public RoutingDecision {
        allocations = List.copyOf(allocations);
        unroutable = List.copyOf(unroutable);
    }

    boolean fullyRouted() {
        return unroutable.isEmpty();
    }

    /** One supplier order; {@code landedCost} is an estimate in the supplier's currency. */
    public record Allocation(SupplierId supplierId, String locationId, List<AllocationLine> lines, Money landedCost) {

        public Allocation {
            lines = List.copyOf(lines);
        }

        public SourceRef source() {
            return new SourceRef(supplierId, locationId);
        }
    }

    /** A whole order line at one source; {@code supplierUnits} = quantity × units per item. */
    public record AllocationLine(String lineId, Sku sku, int quantity, String supplierSku, String variantId,
                                 int supplierUnits, int catalogVersion) {
    }

    public record UnroutableLine(String lineId, String reason) {
    }
}
