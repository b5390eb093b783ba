package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderPutOnHoldEvent(OrderId orderId, RetailerId retailerId, String reason) {
}
