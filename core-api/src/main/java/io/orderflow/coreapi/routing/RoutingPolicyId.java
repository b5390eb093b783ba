package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.Objects;

/** One routing policy per retailer; the prefix keeps its stream apart from other aggregates'. */
public record RoutingPolicyId(String value) {
    public RoutingPolicyId {
        Objects.requireNonNull(value, "routing policy id");
    }

    public static RoutingPolicyId of(RetailerId retailer) {
        return new RoutingPolicyId("routing-policy:" + retailer.value());
    }

    @Override
    public String toString() {
        return value;
    }
}
