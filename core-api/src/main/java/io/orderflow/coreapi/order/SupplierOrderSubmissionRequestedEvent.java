package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

import org.axonframework.serialization.Revision;

/** Revision 1 carried the shipping address in clear text; an upcaster turns it into this shape. */
@Revision("2")
public record SupplierOrderSubmissionRequestedEvent(OrderId orderId, RetailerId retailerId, AllocationId allocationId,
                                                    SupplierId supplierId, List<AllocatedLine> lines,
                                                    SealedPersonalData personalData) {
}
