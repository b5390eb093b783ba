package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.BillableLine;
import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One supplier order as its order's own history tells it (accepted, rejected, what of it was cancelled and delivered,
 * at which unit cost), folded from the order's events: exact at the moment an invoice is matched, where a read model
 * could still be behind a delivery or a cancellation stored just before the invoice.
 */
final class BillableOrders {

    private BillableOrders() {
    }

    private static final class Line {
        final AllocatedLine allocated;
        int cancelled;
        int delivered;

        Line(AllocatedLine allocated) {
            this.allocated = allocated;
        }

        int unitsPerItem() {
            return allocated.quantity() == 0 ? 1 : allocated.supplierUnits() / allocated.quantity();
        }
    }

    /** Empty when the history holds no such allocation. */
    static Optional<BillableSupplierOrder> of(List<?> orderEvents, String allocationId) {
        SupplierSelectedEvent selected = null;
        String ref = null;
        boolean accepted = false;
        boolean withdrawn = false;
        Instant deliveredAt = null;
        Map<String, Line> lines = new LinkedHashMap<>();
        // which allocation holds each order line now: a cancellation counts against that one
        Map<String, String> holder = new HashMap<>();
        for (Object event : orderEvents) {
            switch (event) {
                case SupplierSelectedEvent e -> {
                    e.lines().forEach(l -> holder.put(l.lineId(), e.allocationId().value()));
                    if (e.allocationId().value().equals(allocationId)) {
                        selected = e;
                        e.lines().forEach(l -> lines.put(l.lineId(), new Line(l)));
                    }
                }
                case SupplierOrderSubmittedEvent e when e.allocationId().value().equals(allocationId) ->
                        ref = e.supplierOrderRef();
                case SupplierOrderAcceptedEvent e when e.allocationId().value().equals(allocationId) -> accepted = true;
                case SupplierOrderRejectedEvent e when e.allocationId().value().equals(allocationId) -> withdrawn = true;
                case SupplierOrderTimedOutEvent e when e.allocationId().value().equals(allocationId) -> withdrawn = true;
                case OrderLinesCancelledEvent e -> {
                    for (LineQuantity cancelled : e.lines()) {
                        var line = lines.get(cancelled.lineId());
                        if (line != null && allocationId.equals(holder.get(cancelled.lineId()))) {
                            line.cancelled = Math.min(line.allocated.supplierUnits(),
                                    line.cancelled + cancelled.quantity() * line.unitsPerItem());
                        }
                    }
                }
                case ShipmentDeliveredEvent e when e.allocationId().value().equals(allocationId) -> {
                    for (LineQuantity arrived : e.lines()) {
                        var line = lines.get(arrived.lineId());
                        if (line != null) {
                            line.delivered = Math.min(line.allocated.supplierUnits(),
                                    line.delivered + arrived.quantity() * line.unitsPerItem());
                        }
                    }
                    deliveredAt = deliveredAt == null || e.deliveredAt().isAfter(deliveredAt) ? e.deliveredAt()
                            : deliveredAt;
                }
                default -> {
                }
            }
        }
        if (selected == null) {
            return Optional.empty();
        }
        Map<String, BillableLine> bySku = new LinkedHashMap<>();
        String currency = null;
        for (Line line : lines.values()) {
            var a = line.allocated;
            BigDecimal cost = a.unitCost() == null ? null : a.unitCost().amount();
            if (a.unitCost() != null && currency == null) {
                currency = a.unitCost().currency();
            }
            bySku.merge(a.supplierSku(), new BillableLine(a.supplierSku(), a.supplierUnits(), line.cancelled,
                    line.delivered, cost), (x, y) -> new BillableLine(x.supplierSku(), x.orderedUnits() + y.orderedUnits(),
                    x.cancelledUnits() + y.cancelledUnits(), x.deliveredUnits() + y.deliveredUnits(),
                    x.unitCost() != null ? x.unitCost() : y.unitCost()));
        }
        return Optional.of(new BillableSupplierOrder(selected.orderId(), new AllocationId(allocationId),
                selected.supplierId(), selected.retailerId(), ref, currency, accepted && !withdrawn, withdrawn,
                deliveredAt, List.copyOf(bySku.values())));
    }

}
