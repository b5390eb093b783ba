package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Gives a line's stock back. A reservation is given back as it was made; a line the supplier had accepted is named
 * with its commitment (the position keeps no list of committed lines, only their units by acceptance time).
 */
public record ReleaseStockCommand(@TargetAggregateIdentifier StockPositionId positionId, OrderId orderId, String lineId,
                                  Commitment commitment) {

    /** Supplier units the supplier accepted for the line, and when. */
    public record Commitment(int quantity, Instant acceptedAt) {
    }

    public ReleaseStockCommand(StockPositionId positionId, OrderId orderId, String lineId) {
        this(positionId, orderId, lineId, null);
    }
}
