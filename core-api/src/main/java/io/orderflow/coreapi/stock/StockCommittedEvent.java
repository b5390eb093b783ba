package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record StockCommittedEvent(StockPositionId positionId, RetailerId retailerId, OrderId orderId, String lineId,
                                  int quantity, Instant acceptedAt) implements StockPositionEvent {
}
