package io.orderflow.coreapi.billing;

import java.math.BigDecimal;

/**
 * One supplier SKU of a supplier order, in the supplier's units: how many were ordered, cancelled (or rejected) and
 * delivered, and the unit cost of the catalog version routing used (null for orders routed before it was recorded).
 */
public record BillableLine(String supplierSku, int orderedUnits, int cancelledUnits, int deliveredUnits,
                           BigDecimal unitCost) {

    /** What may be billed: accepted and not cancelled, or, under the delivered-only rule, delivered. */
    public int billableUnits(boolean accepted, boolean deliveredOnly) {
        if (deliveredOnly) {
            return deliveredUnits;
        }
        return accepted ? Math.max(0, orderedUnits - cancelledUnits) : 0;
    }
}
