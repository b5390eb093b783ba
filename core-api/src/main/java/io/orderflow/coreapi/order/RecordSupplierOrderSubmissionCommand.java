package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSupplierOrderSubmissionCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId,
                                                   String supplierOrderRef, Instant submittedAt) {
}
