package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record SelectSupplierCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId,
                                    SupplierId supplierId, String locationId, List<AllocatedLine> lines,
                                    Duration acceptanceSla, RoutingExplanation explanation, String policyVersion) {
}
