package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The dispatcher gave up on a submission: the supplier refused it for good, its circuit is open, or retries ran out. */
public record FailSupplierOrderSubmissionCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId,
                                                 String reason, Instant failedAt) {
}
