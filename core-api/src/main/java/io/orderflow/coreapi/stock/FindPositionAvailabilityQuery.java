package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.StockPositionId;

/**
 * What the stock read model shows for one position: answered with a {@link PositionAvailability}, or nothing while
 * the read model has no row for it.
 */
public record FindPositionAvailabilityQuery(StockPositionId positionId) {
}
