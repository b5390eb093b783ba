package io.orderflow.command.policy;

import io.orderflow.coreapi.routing.PublishRoutingPolicyCommand;
import io.orderflow.coreapi.routing.RoutingPolicyId;
import io.orderflow.coreapi.routing.RoutingPolicyPublishedEvent;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingPolicyTest {

    static final RetailerId RETAILER = new RetailerId("r1");
    static final RoutingPolicyId ID = RoutingPolicyId.of(RETAILER);

    FixtureConfiguration<RoutingPolicy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RoutingPolicy.class);
    }

    @Test
    void canPublishVersions() {
        fixture.given(new RoutingPolicyPublishedEvent(ID, RETAILER, 1, 1, 3, UnroutableAction.BACKORDER,
                        RoutingWeights.balanced()))
                .when(new PublishRoutingPolicyCommand(ID, RETAILER, 2, 3, UnroutableAction.HOLD, RoutingWeights.balanced()))
                .expectEvents(new RoutingPolicyPublishedEvent(ID, RETAILER, 2, 2, 3, UnroutableAction.HOLD,
                        RoutingWeights.balanced()))
                .expectResultMessagePayload(2);
    }

    @Test
    void cannotAllowZeroSuppliersPerOrder() {
        fixture.givenNoPriorActivity()
                .when(new PublishRoutingPolicyCommand(ID, RETAILER, 0, 3, UnroutableAction.HOLD, RoutingWeights.balanced()))
                .expectException(IllegalArgumentException.class);
    }

    @Test
    void canIgnoreTheSamePolicyPublishedAgain() {
        fixture.given(new RoutingPolicyPublishedEvent(ID, RETAILER, 1, 1, 3, UnroutableAction.BACKORDER,
                        RoutingWeights.balanced()))
                .when(new PublishRoutingPolicyCommand(ID, RETAILER, 1, 3, UnroutableAction.BACKORDER,
                        RoutingWeights.balanced()))
                .expectNoEvents()
                .expectResultMessagePayload(1);
    }
}
