package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeliverShipmentCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, String shipmentId,
                                     Instant deliveredAt) {
}
