package io.orderflow.gateway.admin;

import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.coreapi.routing.RoutingWeights;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
record RoutingPolicyResponse(int version, int maxSuppliersPerOrder, int maxRerouteAttempts, String unroutable,
                             RoutingWeights weights, Instant publishedAt) {

    static RoutingPolicyResponse of(PublishRoutingPolicyCommand c, int version) {
        return new RoutingPolicyResponse(version, c.maxSuppliersPerOrder(), c.maxRerouteAttempts(), c.unroutable().name(),
                c.weights(), null);
    }

    static RoutingPolicyResponse of(RoutingPolicyView v) {
        return new RoutingPolicyResponse(v.version(), v.maxSuppliersPerOrder(), v.maxRerouteAttempts(),
                v.unroutable().name(), v.weights(), v.publishedAt());
    }
}
