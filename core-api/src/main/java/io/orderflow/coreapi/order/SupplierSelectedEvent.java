package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SupplierSelectedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId, SupplierId supplierId,
                                    String locationId, List<AllocatedLine> lines, Duration acceptanceSla,
                                    RoutingExplanation explanation, String policyVersion) {
}
