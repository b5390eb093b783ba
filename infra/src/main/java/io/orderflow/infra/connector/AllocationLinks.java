package io.orderflow.infra.connector;

import java.util.Optional;

/**
 * What a supplier's webhook refers to, in our terms: the order an allocation belongs to, and the allocation's lines
 * as the supplier counts them. The dispatcher records both with the supplier order's link before it calls the
 * supplier, so a supplier's report always finds them.
 */
public interface AllocationLinks {

    record Link(String orderId, String allocationId) {
    }

    Optional<String> orderOf(String supplierId, String allocationId);

    /** The allocation the supplier knows by this order reference (the dispatcher records it on submission). */
    Optional<Link> bySupplierOrder(String supplierId, String supplierOrderRef);

    /** The supplier's reference for the order it was given for this allocation, once it answered. */
    Optional<String> supplierOrderRef(String allocationId);

    /** The allocation's lines, read once per report. */
    AllocationUnits units(String allocationId);
}
