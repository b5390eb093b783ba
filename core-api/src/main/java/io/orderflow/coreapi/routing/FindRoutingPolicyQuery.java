package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.shared.RetailerId;

/** Answered with a {@link RoutingPolicyView}, or nothing when the retailer has not published a policy yet. */
public record FindRoutingPolicyQuery(RetailerId retailerId) {
}
