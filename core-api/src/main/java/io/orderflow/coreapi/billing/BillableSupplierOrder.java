package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A supplier order as billing sees it: accepted (or not), rejected, when delivered, the currency its catalog prices
 * in, and its lines by supplier SKU.
 */
public record BillableSupplierOrder(OrderId orderId, AllocationId allocationId, SupplierId supplierId,
                                    RetailerId retailerId,
                                    String supplierOrderRef, String currency, boolean accepted, boolean rejected,
                                    Instant deliveredAt, List<BillableLine> lines) {

    public BillableLine line(String supplierSku) {
        return lines.stream().filter(l -> l.supplierSku().equals(supplierSku)).findFirst().orElse(null);
    }

    public BigDecimal expected(boolean deliveredOnly) {
        return lines.stream()
                .filter(l -> l.unitCost() != null)
                .map(l -> l.unitCost().multiply(BigDecimal.valueOf(l.billableUnits(accepted, deliveredOnly))))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
