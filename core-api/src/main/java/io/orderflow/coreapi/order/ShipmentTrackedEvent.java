package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record ShipmentTrackedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId, SupplierId supplierId,
                                   String shipmentId, List<LineQuantity> lines, String carrier, String trackingNumber,
                                   String trackingUrl, Instant trackedAt) {
}
