package io.orderflow.coreapi.query;

import io.orderflow.coreapi.stock.StockPositionId;

/** One position of the stock read model; answered with a StockAvailabilityView, or nothing if it is not there yet. */
public record FindStockAvailabilityQuery(StockPositionId positionId) {
}
