package io.orderflow.infra.connector;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.ShippingAddress;

import java.util.List;

/** What a supplier is asked to ship for one allocation, whichever API it speaks. */
public record SupplierOrder(String allocationId, String orderId, List<AllocatedLine> lines, ShippingAddress shipTo) {
}
