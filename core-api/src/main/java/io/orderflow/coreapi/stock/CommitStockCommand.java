package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The supplier accepted the order line: its reservation becomes committed. acceptedAt is the supplier's own time
 * of acceptance; a level report the supplier states after it is taken to include the line, which settles it.
 */
public record CommitStockCommand(@TargetAggregateIdentifier StockPositionId positionId, OrderId orderId, String lineId,
                                 Instant acceptedAt) {
}
