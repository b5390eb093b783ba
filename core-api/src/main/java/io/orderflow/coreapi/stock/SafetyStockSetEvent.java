package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SafetyStockSetEvent(StockPositionId positionId, RetailerId retailerId, SupplierId supplierId,
                                  String locationId, String supplierSku, int safetyStock) implements StockPositionEvent {
}
