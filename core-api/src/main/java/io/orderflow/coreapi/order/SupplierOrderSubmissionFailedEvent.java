package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SupplierOrderSubmissionFailedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId,
                                                 SupplierId supplierId, String reason, Instant failedAt) {
}
