package io.orderflow.coreapi.stock;

/** One position of the stock read model; answered with its StockPositionLevels, or nothing if it is not there yet. */
public record FindStockPositionQuery(StockPositionId positionId) {
}
