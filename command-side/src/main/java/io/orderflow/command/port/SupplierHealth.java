package io.orderflow.command.port;

import io.orderflow.coreapi.shared.SupplierId;

/**
 * Whether calls to a supplier currently fail so reliably that its circuit breaker is open. Routing makes such a
 * supplier ineligible ("circuit open") until the breaker lets calls through again.
 */
public interface SupplierHealth {

    /** For callers that know no breakers (tests, benchmarks): every circuit closed. */
    SupplierHealth ALL_CLOSED = supplier -> false;

    boolean circuitOpen(SupplierId supplier);
}
