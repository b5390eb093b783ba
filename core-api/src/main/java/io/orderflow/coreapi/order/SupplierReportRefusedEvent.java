package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** report: what the supplier reported (e.g. "fulfillment.created"); reason: why the order could not take it. */
@Revision("1")
public record SupplierReportRefusedEvent(OrderId orderId, RetailerId retailerId, SupplierId supplierId, String report,
                                         String reason, String deliveryId, Instant receivedAt) {
}
