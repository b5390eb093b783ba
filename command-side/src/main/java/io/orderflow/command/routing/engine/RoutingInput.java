package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one routing decision depends on, so that the same input always gives the same decision.
 * {@code channel} and {@code promiseBy} may be null; {@code today} is passed in because the engine has no clock.
 * {@code excluded} holds the sources already rejected, timed out or short on reservation for this order.
 */
public record RoutingInput(List<OrderLine> lines, Destination destination, String channel, LocalDate promiseBy,
                           LocalDate today, Set<SourceRef> excluded, List<CandidateSupplier> suppliers,
                           Policy policy) {

    public RoutingInput {
        lines = List.copyOf(lines);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(destination.country(), "destination country");
        Objects.requireNonNull(today, "today");
        excluded = excluded == null ? Set.of() : Lookup.setOf(excluded);
        suppliers = List.copyOf(suppliers);
        Objects.requireNonNull(policy, "policy");
        var lineIds = new HashSet<String>();
        for (OrderLine line : lines) {
            if (!lineIds.add(line.lineId())) {
                throw new IllegalArgumentException("duplicate line id " + line.lineId());
            }
            if (line.quantity() <= 0) {
                throw new IllegalArgumentException("line " + line.lineId() + " has no quantity");
            }
        }
        var supplierIds = new HashSet<String>();
        for (CandidateSupplier supplier : suppliers) {
            if (!supplierIds.add(supplier.id().value())) {
                throw new IllegalArgumentException("supplier " + supplier.id() + " listed twice");
            }
        }
    }
}
