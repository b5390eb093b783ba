package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record TimeOutSupplierOrderCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, Instant timedOutAt) {
}
