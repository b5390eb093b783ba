package io.orderflow.query.routing;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.query.BackorderedOrders;
import io.orderflow.coreapi.query.FindBackorderedOrdersQuery;
import io.orderflow.coreapi.query.FindRoutingDecisionsQuery;
import io.orderflow.coreapi.query.FindStockAvailabilityQuery;
import io.orderflow.coreapi.query.RoutingDecisionView;
import io.orderflow.coreapi.query.StockAvailabilityView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class RoutingQueriesTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();

    @Test
    void canShowEachDecisionWithWhichLineAndHowMany() {
        db.rows("FROM routing_decision", row("allocation_id", "a-1", "supplier_id", "s", "location_id", "loc",
                "policy_version", "7", "decided_at", T0.atOffset(ZoneOffset.UTC),
                "lines", """
                        [{"lineId":"L1","sku":"A","quantity":2,"supplierSku":"SA","supplierUnits":4},
                         {"lineId":"L2","sku":"B","quantity":1}]""",
                "explanation", """
                        {"policyVersion":"7","candidates":[{"supplierId":"s","locationId":"loc","eligible":true,
                         "chosen":true,"reasons":["has stock"],"score":0.9,"breakdown":{"cost":0.4},"distanceKm":3.5,
                         "later":"ignored"}],"decision":"closest"}"""));

        var decisions = new RoutingDecisionQueries(db.client())
                .handle(new FindRoutingDecisionsQuery(new OrderId("o-1"), new RetailerId("r"))).join();

        assertThat(decisions).containsExactly(new RoutingDecisionView("a-1", "s", "loc", "7", T0,
                List.of(new LineQuantity("L1", 2), new LineQuantity("L2", 1)),
                new RoutingExplanation("7", List.of(new RoutingExplanation.Candidate("s", "loc", true, true,
                        List.of("has stock"), 0.9, Map.of("cost", 0.4), 3.5)), "closest")));
        assertThat(db.only().sql()).contains("ORDER BY decided_at, allocation_id");
        assertThat(db.only().binds()).containsExactly(Map.entry("orderId", "o-1"), Map.entry("retailerId", "r"));
    }

    @Test
    void canListTheOrdersWaitingForASuppliersSkuOldestFirst() {
        db.rows("FROM backordered_line", row("order_id", "o-2"), row("order_id", "o-1"));

        var orders = new BackorderQueries(db.client())
                .handle(new FindBackorderedOrdersQuery(new RetailerId("r"), new SupplierId("s"), "SA", 100)).join();

        assertThat(orders).isEqualTo(new BackorderedOrders(List.of("o-2", "o-1")));
        assertThat(db.only().sql()).contains("GROUP BY b.order_id ORDER BY since, b.order_id LIMIT :limit");
        assertThat(db.only().binds()).containsExactly(Map.entry("retailerId", "r"), Map.entry("supplierId", "s"),
                Map.entry("supplierSku", "SA"), Map.entry("limit", 100));
    }

    @Test
    void canTellWhetherTheStockViewCaughtUp() {
        var position = StockPositionId.of(new SupplierId("s"), "loc", "SA");
        db.rows("FROM stock_availability", row("available", 3, "last_sequence", 12L));

        var view = new BackorderQueries(db.client()).handle(new FindStockAvailabilityQuery(position)).join();

        assertThat(view).isEqualTo(new StockAvailabilityView(3, 12));
        assertThat(db.only().binds()).containsExactly(Map.entry("id", position.value()));
    }
}
