package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/** An order with lines waiting for stock, since when its oldest waiting line was backordered. */
public record WaitingBackorder(OrderId orderId, RetailerId retailerId, Instant since) {
}
