package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import org.axonframework.serialization.Revision;

/**
 * The supplier is to be asked to cancel its order for the allocation; the supplier dispatcher does the asking and
 * answers with {@link RecordSupplierCancellationAnswerCommand}.
 */
@Revision("1")
public record SupplierOrderCancellationRequestedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId,
                                                      SupplierId supplierId, String reason) {
}
