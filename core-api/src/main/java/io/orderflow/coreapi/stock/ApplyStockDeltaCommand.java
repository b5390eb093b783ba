package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A change of the supplier's level by {@code delta} units, stated at {@code asOf}; applied once per messageId. */
public record ApplyStockDeltaCommand(@TargetAggregateIdentifier StockPositionId positionId, RetailerId retailerId,
                                     SupplierId supplierId, String locationId, String supplierSku, String messageId,
                                     int delta, Instant asOf) {
}
