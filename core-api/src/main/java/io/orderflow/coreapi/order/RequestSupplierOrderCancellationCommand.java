package io.orderflow.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Compensation: whatever the supplier may hold for a failed allocation is to be cancelled there. */
public record RequestSupplierOrderCancellationCommand(@TargetAggregateIdentifier OrderId orderId,
                                                      AllocationId allocationId, String reason) {
}
