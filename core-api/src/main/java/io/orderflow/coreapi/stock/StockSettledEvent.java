package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;

import org.axonframework.serialization.Revision;

/**
 * One committed line settled. Written before commitments were settled by acceptance time (see CommitmentsSettledEvent);
 * kept so that those histories still apply.
 */
@Revision("1")
public record StockSettledEvent(StockPositionId positionId, RetailerId retailerId, OrderId orderId, String lineId,
                                int quantity) implements StockPositionEvent {
}
