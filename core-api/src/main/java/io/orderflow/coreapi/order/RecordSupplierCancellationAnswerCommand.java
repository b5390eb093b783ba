package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What the supplier answered to a cancellation: {@code CANCELLED}, {@code TOO_LATE} or {@code NOT_FOUND}. */
public record RecordSupplierCancellationAnswerCommand(@TargetAggregateIdentifier OrderId orderId,
                                                      AllocationId allocationId, String answer, Instant answeredAt) {

    public static final String CANCELLED = "CANCELLED";
    public static final String TOO_LATE = "TOO_LATE";
    public static final String NOT_FOUND = "NOT_FOUND";
}
