package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.shared.RetailerId;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PublishRoutingPolicyCommand(@TargetAggregateIdentifier RoutingPolicyId policyId, RetailerId retailerId,
                                          int maxSuppliersPerOrder, int maxRerouteAttempts,
                                          UnroutableAction unroutable, RoutingWeights weights) {
}
