package io.orderflow.query.order;

import io.orderflow.coreapi.order.OrderSearchPage;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.order.SearchOrdersQuery;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class OrderSearchQueriesTest {

    static final RetailerId RETAILER = new RetailerId("r");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();
    final OrderSearchQueries queries = new OrderSearchQueries(db.client());

    @Test
    void canAskForTheNewestOrdersOfTheRetailerAndOneMoreToKnowIfThereIsANextPage() {
        queries.handle(query(null, null, null, null, null, null, 20, null)).join();

        var statement = db.only();
        assertThat(statement.sql()).isEqualTo("SELECT v.view::text AS view, v.placed_at, v.order_id FROM order_view v "
                + "WHERE v.retailer_id = :retailerId ORDER BY v.placed_at DESC, v.order_id DESC LIMIT :limit");
        assertThat(statement.binds()).containsExactly(Map.entry("retailerId", "r"), Map.entry("limit", 21));
    }

    @Test
    void canFilterByEveryCriterionAndContinueAfterAPosition() {
        var after = new SearchOrdersQuery.Position(T0.plusSeconds(30), "o-9");
        queries.handle(query("SHIPPED", "s-1", "SKU-\"1\"", T0, T0.plusSeconds(60), T0.plusSeconds(90), 5, after))
                .join();

        var statement = db.only();
        assertThat(statement.sql()).contains(
                " AND v.status = :status",
                " AND v.view -> 'lines' @> CAST(:supplierLines AS jsonb)",
                " AND v.view -> 'lines' @> CAST(:skuLines AS jsonb)",
                " AND v.placed_at >= :placedFrom",
                " AND v.placed_at < :placedTo",
                " AND EXISTS (SELECT 1 FROM order_exception e WHERE e.order_id = v.order_id"
                        + " AND (e.due_at IS NULL OR e.due_at <= :atRiskBy))",
                " AND (v.placed_at, v.order_id) < (:afterAt, :afterId)");
        assertThat(statement.sql()).endsWith(" ORDER BY v.placed_at DESC, v.order_id DESC LIMIT :limit");
        assertThat(statement.binds()).containsOnly(
                Map.entry("retailerId", "r"),
                Map.entry("status", "SHIPPED"),
                Map.entry("supplierLines", "[{\"supplierId\":\"s-1\"}]"),
                Map.entry("skuLines", "[{\"sku\":\"SKU-\\\"1\\\"\"}]"),
                Map.entry("placedFrom", utc(T0)),
                Map.entry("placedTo", utc(T0.plusSeconds(60))),
                Map.entry("atRiskBy", utc(T0.plusSeconds(90))),
                Map.entry("afterAt", utc(T0.plusSeconds(30))),
                Map.entry("afterId", "o-9"),
                Map.entry("limit", 6));
    }

    @Test
    void canGiveTheLastShownOrderAsThePositionOfTheNextPage() {
        db.rows("FROM order_view", IntStream.range(0, 3).mapToObj(OrderSearchQueriesTest::stored)
                .toArray(Map[]::new));

        OrderSearchPage page = queries.handle(query(null, null, null, null, null, null, 2, null)).join();

        assertThat(page.items()).extracting(OrderView::orderId).containsExactly("o-0", "o-1");
        assertThat(page.next()).isEqualTo(new SearchOrdersQuery.Position(T0.minusSeconds(1), "o-1"));
    }

    @Test
    void cannotGiveANextPageAfterTheLastOrder() {
        db.rows("FROM order_view", stored(0), stored(1));

        OrderSearchPage page = queries.handle(query(null, null, null, null, null, null, 2, null)).join();

        assertThat(page.items()).hasSize(2);
        assertThat(page.next()).isNull();
    }

    @Test
    void canReadTheStoredViewIgnoringWhatOnlyTheProjectionKeeps() {
        db.rows("FROM order_view", stored(0));

        var view = queries.handle(query(null, null, null, null, null, null, 10, null)).join().items().getFirst();

        assertThat(view.status()).isEqualTo("ON_HOLD");
        assertThat(view.lines()).singleElement().satisfies(l -> assertThat(l.quantity()).isEqualTo(2));
    }

    static Map<String, Object> stored(int i) {
        return row("view", """
                {"orderId":"o-%d","retailerId":"r","status":"ON_HOLD","onHold":true,"holdReason":"fraud",
                 "lines":[{"lineId":"L1","sku":"A","quantity":2,"status":"ON_HOLD","supplierId":null,"allocationId":null,
                          "backordered":false,"fulfilled":0,"shipped":0,"delivered":0,"cancelled":0,"returned":0}]}""".formatted(i),
                "placed_at", utc(T0.minusSeconds(i)), "order_id", "o-" + i);
    }

    static SearchOrdersQuery query(String status, String supplierId, String sku, Instant from, Instant to,
                                   Instant atRiskBy, int limit, SearchOrdersQuery.Position after) {
        return new SearchOrdersQuery(RETAILER, status, supplierId, sku, from, to, atRiskBy, limit, after);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
