package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.shared.RetailerId;

import org.axonframework.serialization.Revision;

/** An immutable policy version; every routing decision records the version it used. */
@Revision("1")
public record RoutingPolicyPublishedEvent(RoutingPolicyId policyId, RetailerId retailerId, int version,
                                          int maxSuppliersPerOrder, int maxRerouteAttempts,
                                          UnroutableAction unroutable, RoutingWeights weights) {
}
