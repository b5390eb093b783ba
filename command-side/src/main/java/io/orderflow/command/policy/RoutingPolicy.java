package io.orderflow.command.policy;

import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyPublishedEvent;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A retailer's routing policy, published as immutable versions. */
@Aggregate
public class RoutingPolicy {

    @AggregateIdentifier
    private RoutingPolicyId policyId;
    private int version;
    private RoutingPolicyPublishedEvent current;

    protected RoutingPolicy() {
    }

    /** Answers the version in force after this command. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public int handle(PublishRoutingPolicyCommand c) {
        if (c.maxSuppliersPerOrder() < 1 || c.maxRerouteAttempts() < 0 || c.unroutable() == null || c.weights() == null) {
            throw new IllegalArgumentException(
                    "maxSuppliersPerOrder must be at least 1, maxRerouteAttempts at least 0, unroutable and weights set");
        }
        var w = c.weights();
        if (w.proximity() < 0 || w.cost() < 0 || w.priority() < 0 || w.promise() < 0 || w.reliability() < 0 || w.stock() < 0) {
            throw new IllegalArgumentException("weights cannot be negative");
        }
        var next = new RoutingPolicyPublishedEvent(c.policyId(), c.retailerId(), version + 1, c.maxSuppliersPerOrder(),
                c.maxRerouteAttempts(), c.unroutable(), c.weights());
        if (current != null && current.maxSuppliersPerOrder() == next.maxSuppliersPerOrder()
                && current.maxRerouteAttempts() == next.maxRerouteAttempts()
                && current.unroutable() == next.unroutable() && current.weights().equals(next.weights())) {
            return version;
        }
        apply(next);
        return version;
    }

    @EventSourcingHandler
    void on(RoutingPolicyPublishedEvent e) {
        policyId = e.policyId();
        version = e.version();
        current = e;
    }
}
