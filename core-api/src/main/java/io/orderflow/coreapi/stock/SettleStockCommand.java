package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The supplier's reported level now reflects the committed line, so it no longer counts against it. */
public record SettleStockCommand(@TargetAggregateIdentifier StockPositionId positionId, OrderId orderId, String lineId) {
}
