package io.orderflow.coreapi.order;

import java.time.Duration;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The saga's hold deadline ran out: the held order's open lines are cancelled. */
public record ExpireOrderHoldCommand(@TargetAggregateIdentifier OrderId orderId, Duration heldFor, Instant expiredAt) {
}
