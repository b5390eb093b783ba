package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeShipmentStatusCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, String shipmentId,
                                          ShipmentStatus status, String detail, Instant occurredAt) {
}
