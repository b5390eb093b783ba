package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record OrderLinesCancelledEvent(OrderId orderId, RetailerId retailerId, List<LineQuantity> lines, String reason,
                                       Instant cancelledAt) {
}
