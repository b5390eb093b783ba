package io.orderflow.query.policy;

import io.orderflow.coreapi.routing.FindRoutingPolicyQuery;
import io.orderflow.coreapi.routing.RoutingPolicyView;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class RoutingPolicyQueriesTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();
    final RoutingPolicyQueries queries = new RoutingPolicyQueries(db.client());

    @Test
    void canReadTheRetailersPolicyInForce() {
        db.rows("FROM routing_policy", row("retailer_id", "r", "version", 4, "max_suppliers_per_order", 2,
                "max_reroute_attempts", 3, "unroutable", "HOLD",
                "weights", """
                        {"proximity":2.0,"cost":1.0,"priority":0.5,"promise":1.0,"reliability":1.0,"stock":3.0,"future":9}""",
                "published_at", T0.atOffset(ZoneOffset.UTC)));

        var policy = queries.handle(new FindRoutingPolicyQuery(new RetailerId("r"))).join();

        assertThat(policy).isEqualTo(new RoutingPolicyView("r", 4, 2, 3, UnroutableAction.HOLD,
                new RoutingWeights(2, 1, 0.5, 1, 1, 3), T0));
        assertThat(db.only().binds()).containsExactly(Map.entry("retailerId", "r"));
    }

    @Test
    void cannotFindAPolicyThatWasNeverPublished() {
        assertThat(queries.handle(new FindRoutingPolicyQuery(new RetailerId("r"))).join()).isNull();
    }
}
