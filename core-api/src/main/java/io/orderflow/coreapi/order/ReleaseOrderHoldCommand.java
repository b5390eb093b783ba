package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A person releases a held order: its open lines are routed again. actor is a key's or principal's name. */
public record ReleaseOrderHoldCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String actor,
                                      String reason, Instant releasedAt) {
}
