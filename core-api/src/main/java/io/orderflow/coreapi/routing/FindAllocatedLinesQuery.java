package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.order.AllocationId;

/** The lines routing gave to one allocation, as decided; answered with a list of AllocatedLine, empty if unknown. */
public record FindAllocatedLinesQuery(AllocationId allocationId) {
}
