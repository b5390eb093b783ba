package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/**
 * The supplier's level now includes what it accepted up to {@code acceptedUpTo}: those units no longer count as
 * committed. One event for all the lines a report settles, however many.
 */
@Revision("1")
public record CommitmentsSettledEvent(StockPositionId positionId, RetailerId retailerId, Instant acceptedUpTo,
                                      int quantity) implements StockPositionEvent {
}
