package io.orderflow.coreapi.stock;

/**
 * One position as the stock read model holds it: what the supplier last reported, what is available to promise, and
 * the position's last event sequence that the read model reflects.
 */
public record StockPositionLevels(int reported, int available, long lastSequence) {
}
