package io.orderflow.coreapi.audit;

import io.orderflow.coreapi.order.OrderView;

import java.time.Instant;

/** The order view folded from the order's events recorded up to {@code asOf}, and which events those were. */
public record OrderStateAsOf(Instant asOf, int eventsApplied, long lastSequence, Instant lastEventAt, OrderView order) {
}
