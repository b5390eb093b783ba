package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SupplierOrderSubmissionRequestedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId,
                                                    SupplierId supplierId, List<AllocatedLine> lines, ShippingAddress shipTo) {
}
