package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A person asks for the order's backordered lines to be routed again now. */
public record RetryBackorderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String actor,
                                    String reason, Instant requestedAt) {
}
