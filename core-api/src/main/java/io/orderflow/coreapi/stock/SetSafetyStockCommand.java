package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record SetSafetyStockCommand(@TargetAggregateIdentifier StockPositionId positionId, RetailerId retailerId,
                                    SupplierId supplierId, String locationId, String supplierSku, int safetyStock) {
}
