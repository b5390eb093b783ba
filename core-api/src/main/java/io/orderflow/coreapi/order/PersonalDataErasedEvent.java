package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record PersonalDataErasedEvent(OrderId orderId, RetailerId retailerId, Instant erasedAt) {
}
