package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * A committed line given back (the supplier cancelled after accepting); a reserved one gives StockReleasedEvent.
 * Revision 2 adds when the supplier had accepted it (null in revision 1 events).
 */
@Revision("2")
public record CommittedStockReleasedEvent(StockPositionId positionId, RetailerId retailerId, OrderId orderId,
                                          String lineId, int quantity, Instant acceptedAt) implements StockPositionEvent {
}
