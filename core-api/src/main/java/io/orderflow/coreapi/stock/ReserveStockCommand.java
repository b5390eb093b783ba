package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.StockPositionId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReserveStockCommand(@TargetAggregateIdentifier StockPositionId positionId, OrderId orderId, String lineId, int quantity) {
}
