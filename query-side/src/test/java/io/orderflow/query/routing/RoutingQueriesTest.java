package io.orderflow.query.routing;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.FindWaitingBackordersQuery;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.WaitingBackorder;
import io.orderflow.coreapi.routing.FindRoutingDecisionsQuery;
import io.orderflow.coreapi.routing.RoutingDecisionView;
import io.orderflow.coreapi.routing.FindAllocatedLinesQuery;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
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
    void canListTheOrdersWaitingForASuppliersSkuOldestFirstAfterThePageBefore() {
        db.rows("FROM backordered_line",
                row("order_id", "o-2", "retailer_id", "r", "since", T0.atOffset(ZoneOffset.UTC)),
                row("order_id", "o-1", "retailer_id", "r", "since", T0.plusSeconds(5).atOffset(ZoneOffset.UTC)));
        var after = new WaitingBackorder(new OrderId("o-0"), new RetailerId("r"), T0.minusSeconds(5));

        var orders = new BackorderQueries(db.client()).handle(new FindWaitingBackordersQuery(new RetailerId("r"),
                new SupplierId("s"), "SA", after, 100)).join();

        assertThat(orders).containsExactly(new WaitingBackorder(new OrderId("o-2"), new RetailerId("r"), T0),
                new WaitingBackorder(new OrderId("o-1"), new RetailerId("r"), T0.plusSeconds(5)));
        assertThat(db.only().sql()).contains("c.supplier_sku = :supplierSku",
                "HAVING (min(b.backordered_at), b.order_id) > (:afterSince, :afterId)",
                "ORDER BY since, b.order_id LIMIT :limit");
        assertThat(db.only().binds()).containsEntry("supplierId", "s").containsEntry("supplierSku", "SA")
                .containsEntry("afterId", "o-0").containsEntry("limit", 100);
    }

    @Test
    void everyBackorderWhenNothingNarrowsTheQuestion() {
        db.rows("FROM backordered_line");

        new BackorderQueries(db.client()).handle(new FindWaitingBackordersQuery(null, null, null, null, 10)).join();

        assertThat(db.only().sql()).doesNotContain(":retailerId", ":supplierId", "HAVING");
        assertThat(db.only().binds()).containsExactly(Map.entry("limit", 10));
    }

    @Test
    void canGiveTheLinesRoutingDecidedForAnAllocation() {
        db.rows("FROM routing_decision", row("lines", """
                [{"lineId":"L1","sku":{"value":"SOCKS"},"quantity":1,"supplierSku":"BG-SOCK","variantId":null,
                  "supplierUnits":3,"position":{"value":"s/loc/BG-SOCK"},"catalogVersion":2}]"""));

        var lines = new RoutingDecisionQueries(db.client())
                .handle(new FindAllocatedLinesQuery(new AllocationId("o-1-1"))).join();

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.lineId()).isEqualTo("L1");
            assertThat(line.quantity()).isEqualTo(1);
            assertThat(line.supplierUnits()).isEqualTo(3);
            assertThat(line.catalogVersion()).isEqualTo(2);
        });
        assertThat(db.only().binds()).containsExactly(Map.entry("allocationId", "o-1-1"));
    }
}
