package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record TrackShipmentCommand(@TargetAggregateIdentifier OrderId orderId, AllocationId allocationId, String shipmentId,
                                   String carrier, String trackingNumber, String trackingUrl, Instant trackedAt) {
}
