package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.order.AllocationId;

/** The billing of one supplier order (one allocation): what was billed for it against what it should cost. */
public record SettlementId(String value) {

    public static SettlementId of(AllocationId allocationId) {
        return new SettlementId("settlement:" + allocationId.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
