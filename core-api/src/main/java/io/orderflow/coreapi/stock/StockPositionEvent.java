package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;

/** Every event of a stock position: what changes a position's available-to-promise, for those who follow all of it. */
public interface StockPositionEvent {

    StockPositionId positionId();

    RetailerId retailerId();
}
