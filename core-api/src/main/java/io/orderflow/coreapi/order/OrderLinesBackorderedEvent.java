package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderLinesBackorderedEvent(OrderId orderId, RetailerId retailerId, List<String> lineIds, String reason) {
}
