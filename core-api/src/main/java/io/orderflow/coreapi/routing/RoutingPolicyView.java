package io.orderflow.coreapi.routing;

import java.time.Instant;

/** The policy version in force for a retailer. */
public record RoutingPolicyView(String retailerId, int version, int maxSuppliersPerOrder, int maxRerouteAttempts,
                                UnroutableAction unroutable, RoutingWeights weights, Instant publishedAt) {
}
