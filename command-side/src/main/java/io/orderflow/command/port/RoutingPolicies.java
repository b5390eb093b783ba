package io.orderflow.command.port;

import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;

import java.util.Optional;

/** Port: the routing policy version in force for a retailer, if it published one. */
public interface RoutingPolicies {

    Optional<ActivePolicy> current(RetailerId retailer);

    record ActivePolicy(int version, int maxSuppliersPerOrder, int maxRerouteAttempts, UnroutableAction unroutable,
                        RoutingWeights weights) {
    }
}
