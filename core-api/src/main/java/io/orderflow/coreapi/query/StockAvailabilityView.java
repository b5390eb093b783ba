package io.orderflow.coreapi.query;

/** Available to promise at one position, and the position's last event sequence the read model reflects. */
public record StockAvailabilityView(int available, long lastSequence) {
}
