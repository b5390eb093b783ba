package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderHoldReleasedEvent(OrderId orderId, RetailerId retailerId, String actor, String reason,
                                     Instant releasedAt) {
}
