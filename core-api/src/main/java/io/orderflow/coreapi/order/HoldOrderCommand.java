package io.orderflow.coreapi.order;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Puts the order on hold for a person to look at; the reason says why. */
public record HoldOrderCommand(@TargetAggregateIdentifier OrderId orderId, String reason) {
}
