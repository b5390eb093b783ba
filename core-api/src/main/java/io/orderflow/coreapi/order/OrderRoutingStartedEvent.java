package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderRoutingStartedEvent(OrderId orderId, RetailerId retailerId, int attempt, Instant startedAt) {
}
