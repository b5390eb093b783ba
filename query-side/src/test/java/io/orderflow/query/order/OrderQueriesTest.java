package io.orderflow.query.order;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.FindOrderTimelineQuery;
import io.orderflow.coreapi.order.FindOrderViewQuery;
import io.orderflow.coreapi.order.OrderTimeline;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class OrderQueriesTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();
    final OrderQueries queries = new OrderQueries(db.client());

    @Test
    void canReadTheRetailersOwnOrderView() {
        db.rows("FROM order_view", OrderSearchQueriesTest.stored(1));

        var view = queries.handle(new FindOrderViewQuery(ORDER, RETAILER)).join();

        assertThat(view.orderId()).isEqualTo("o-1");
        assertThat(db.only().sql()).contains("WHERE order_id = :orderId AND retailer_id = :retailerId");
        assertThat(db.only().binds()).containsExactly(Map.entry("orderId", "o-1"), Map.entry("retailerId", "r"));
    }

    @Test
    void cannotFindAnOrderThatIsNotThere() {
        assertThat(queries.handle(new FindOrderViewQuery(ORDER, RETAILER)).join()).isNull();
    }

    @Test
    void canReadAnyRetailersViewForTheChangeListener() {
        db.rows("FROM order_view", OrderSearchQueriesTest.stored(1));

        assertThat(queries.viewAnyRetailer("o-1").block().orderId()).isEqualTo("o-1");
        assertThat(db.only().binds()).containsOnlyKeys("orderId");
    }

    @Test
    void canReadTheTimelineInOrder() {
        db.rows("FROM order_timeline",
                row("at", T0.atOffset(ZoneOffset.ofHours(2)), "type", "OrderPlaced", "text", "Order placed."),
                row("at", T0.plusSeconds(1).atOffset(ZoneOffset.UTC), "type", "OrderRoutingStarted", "text", "Looking."));

        var timeline = queries.handle(new FindOrderTimelineQuery(ORDER, RETAILER)).join();

        assertThat(timeline.entries()).containsExactly(new OrderTimeline.Entry(T0, "OrderPlaced", "Order placed."),
                new OrderTimeline.Entry(T0.plusSeconds(1), "OrderRoutingStarted", "Looking."));
        assertThat(db.only().sql()).contains("ORDER BY sequence", "retailer_id = :retailerId");
        assertThat(db.only().binds()).containsExactly(Map.entry("orderId", "o-1"), Map.entry("retailerId", "r"));
    }

    @Test
    void cannotFindATimelineWithoutEntries() {
        assertThat(queries.handle(new FindOrderTimelineQuery(ORDER, RETAILER)).join()).isNull();
    }
}
