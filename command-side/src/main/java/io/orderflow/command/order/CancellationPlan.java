package io.orderflow.command.order;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.LinesNotCancellable;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a storefront's cancellation does to an order, worked out from the order's state before anything is
 * emitted. {@code lineIds}: the requested lines not cancelled already nor waiting for a supplier's answer (none: the
 * request changes nothing). Of those, {@code cancelNow} have no supplier order, or one not sent yet, and are
 * cancelled at once; the others are cancelled when their supplier order is, so each of {@code askSuppliers} is
 * asked. The whole order is meant when the command names no lines.
 */
record CancellationPlan(List<String> lineIds, String reason, List<String> cancelNow,
                        List<SupplierCancellation> askSuppliers) {

    static final String DEFAULT_REASON = "cancelled by the storefront";

    CancellationPlan {
        lineIds = List.copyOf(lineIds);
        cancelNow = List.copyOf(cancelNow);
        askSuppliers = List.copyOf(askSuppliers);
    }

    /** A supplier order the supplier is asked to cancel. */
    record SupplierCancellation(AllocationId allocationId, SupplierId supplierId) {
    }

    boolean changesNothing() {
        return lineIds.isEmpty();
    }

    /**
     * @param lines       the order's lines by id, in order
     * @param cancelled   quantities cancelled so far, by line id
     * @param allocations the order's supplier orders, in the order they were made
     * @throws OrderRuleViolation  for a line the order does not have, part of a line, or part of a supplier order
     * @throws LinesNotCancellable for lines of which something has shipped
     */
    static CancellationPlan of(CancelOrderCommand command, Map<String, OrderLine> lines,
                               Map<String, Integer> cancelled, Collection<Allocation> allocations) {
        var state = new State(lines, cancelled, allocations);
        var requested = state.requested(command.lines());
        var shipped = requested.stream().filter(id -> !state.isCancelled(id))
                .filter(id -> allocations.stream().anyMatch(a -> a.status().isLive() && a.hasShipped(id)))
                .toList();
        if (!shipped.isEmpty()) {
            throw new LinesNotCancellable(shipped);
        }
        var toCancel = requested.stream().filter(id -> !state.isCancelled(id))
                .filter(id -> state.liveAllocationOf(id).map(a -> a.pendingCancellation() == null).orElse(true))
                .toList();
        if (toCancel.isEmpty()) {
            return new CancellationPlan(List.of(), null, List.of(), List.of());
        }
        var byAllocation = new LinkedHashMap<Allocation, List<String>>();
        var now = new ArrayList<String>();
        for (String lineId : toCancel) {
            state.liveAllocationOf(lineId).ifPresentOrElse(
                    a -> byAllocation.computeIfAbsent(a, k -> new ArrayList<>()).add(lineId),
                    () -> now.add(lineId));
        }
        var ask = new ArrayList<SupplierCancellation>();
        byAllocation.forEach((allocation, ids) -> {
            var others = allocation.lines().stream().map(AllocatedLine::lineId).filter(id -> !ids.contains(id)).toList();
            if (!others.isEmpty()) {
                throw new OrderRuleViolation("line(s) " + String.join(", ", ids) + " share supplier order "
                        + allocation.id() + " with " + String.join(", ", others) + "; cancel them together");
            }
            if (allocation.status() == AllocationStatus.SELECTED) {
                now.addAll(ids); // not sent to the supplier yet: nobody to ask
            } else {
                ask.add(new SupplierCancellation(allocation.id(), allocation.supplierId()));
            }
        });
        var reason = command.reason() == null || command.reason().isBlank() ? DEFAULT_REASON : command.reason();
        return new CancellationPlan(toCancel, reason, now, ask);
    }

    private record State(Map<String, OrderLine> lines, Map<String, Integer> cancelled,
                         Collection<Allocation> allocations) {

        /** The requested line ids; only whole (open) lines may be named. */
        List<String> requested(List<LineQuantity> wanted) {
            if (wanted == null || wanted.isEmpty()) {
                return List.copyOf(lines.keySet());
            }
            var requested = new ArrayList<String>();
            for (LineQuantity w : wanted) {
                var line = lines.get(w.lineId());
                if (line == null) {
                    throw new OrderRuleViolation("the order has no line " + w.lineId());
                }
                int open = line.quantity() - cancelled.getOrDefault(line.lineId(), 0);
                if (w.quantity() > 0 && w.quantity() != open && open > 0) {
                    throw new OrderRuleViolation("line " + w.lineId() + ": only whole lines can be cancelled ("
                            + open + " open, " + w.quantity() + " asked)");
                }
                requested.add(w.lineId());
            }
            return requested;
        }

        boolean isCancelled(String lineId) {
            return cancelled.getOrDefault(lineId, 0) >= lines.get(lineId).quantity();
        }

        Optional<Allocation> liveAllocationOf(String lineId) {
            return allocations.stream().filter(a -> a.status().isLive() && a.contains(lineId)).findFirst();
        }
    }
}
