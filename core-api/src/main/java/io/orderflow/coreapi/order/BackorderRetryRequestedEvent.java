package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record BackorderRetryRequestedEvent(OrderId orderId, RetailerId retailerId, List<String> lineIds, String actor,
                                           String reason, Instant requestedAt) {
}
