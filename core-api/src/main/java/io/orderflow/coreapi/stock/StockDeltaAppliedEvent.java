package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** level is the supplier's reported level after the delta. */
@Revision("1")
public record StockDeltaAppliedEvent(StockPositionId positionId, RetailerId retailerId, SupplierId supplierId,
                                     String locationId, String supplierSku, String messageId, int delta, int level,
                                     Instant asOf) implements StockPositionEvent {
}
