package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** The supplier refused to cancel (it has shipped): the lines stay, and the reason says why. */
@Revision("1")
public record OrderCancellationDeclinedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId,
                                             SupplierId supplierId, List<String> lineIds, String reason,
                                             Instant declinedAt) {
}
