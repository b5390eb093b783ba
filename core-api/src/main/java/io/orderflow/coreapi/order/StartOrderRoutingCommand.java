package io.orderflow.coreapi.order;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record StartOrderRoutingCommand(@TargetAggregateIdentifier OrderId orderId, Instant startedAt) {
}
