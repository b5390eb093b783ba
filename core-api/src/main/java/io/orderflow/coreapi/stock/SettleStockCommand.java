package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The supplier's reported level reflects every line it accepted up to this instant: they no longer count against it. */
public record SettleStockCommand(@TargetAggregateIdentifier StockPositionId positionId, Instant acceptedUpTo) {
}
