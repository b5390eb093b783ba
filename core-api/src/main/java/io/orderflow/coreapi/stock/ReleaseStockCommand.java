package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReleaseStockCommand(@TargetAggregateIdentifier StockPositionId positionId, OrderId orderId, String lineId) {
}
