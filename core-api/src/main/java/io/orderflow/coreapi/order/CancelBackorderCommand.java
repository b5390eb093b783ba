package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A person gives up on the order's backordered lines: they are cancelled (and refunded). */
public record CancelBackorderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String actor,
                                     String reason, Instant requestedAt) {
}
