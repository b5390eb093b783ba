package io.orderflow.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RequestSupplierOrderSubmissionCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId) {
}
