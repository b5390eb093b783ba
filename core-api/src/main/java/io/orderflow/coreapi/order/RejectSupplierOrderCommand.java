package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The supplier said no (a partner's order.rejected, or a Shopify order cancelled by the shop). */
public record RejectSupplierOrderCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, String reason,
                                         Instant rejectedAt) {
}
