package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import org.axonframework.serialization.Revision;

/** A committed line given back (the supplier cancelled after accepting); a reserved one gives StockReleasedEvent. */
@Revision("1")
public record CommittedStockReleasedEvent(StockPositionId positionId, RetailerId retailerId, OrderId orderId,
                                          String lineId, int quantity) {
}
