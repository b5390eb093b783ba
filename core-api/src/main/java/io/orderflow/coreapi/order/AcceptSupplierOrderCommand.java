package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AcceptSupplierOrderCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, Instant acceptedAt) {
}
