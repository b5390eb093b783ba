package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;
import java.util.List;

/**
 * A person assigns lines to a supplier location of their choice; handled by the routing service, which reserves
 * the stock first (nothing is oversold) and records the choice as a SupplierSelected.
 */
public record AllocateOrderLinesManuallyCommand(OrderId orderId, RetailerId retailerId, SupplierId supplierId,
                                                String locationId, List<String> lineIds, String actor, String reason,
                                                Instant requestedAt) {
}
