package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** Cancelled lines are to be refunded: the amount is the lines' unit price times the cancelled quantity. */
@Revision("1")
public record RefundRequestedEvent(OrderId orderId, RetailerId retailerId, List<LineQuantity> lines, Money amount,
                                   String reason, Instant requestedAt) {
}
