package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record CreateFulfillmentCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, String fulfillmentId,
                                       List<LineQuantity> lines, LocalDate expectedShipDate, Instant createdAt) {
}
