package io.orderflow.query.atrisk;

import io.orderflow.coreapi.order.FindAtRiskOrdersQuery;
import io.orderflow.coreapi.order.AtRiskOrderView;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class AtRiskOrderQueriesTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();

    @Test
    void canListTroubleNowAndDeadlinesBeforeTheHorizonOldestFirst() {
        new AtRiskOrderQueries(db.client()).handle(new FindAtRiskOrdersQuery(new RetailerId("r"), T0, 50)).join();

        var statement = db.only();
        assertThat(statement.sql()).contains("WHERE e.retailer_id = :retailerId AND (e.due_at IS NULL OR e.due_at <= :horizon)",
                "ORDER BY coalesce(e.due_at, e.since), e.order_id, e.reason, e.subject", "LIMIT :limit");
        assertThat(statement.binds()).containsExactly(Map.entry("retailerId", "r"),
                Map.entry("horizon", T0.atOffset(ZoneOffset.UTC)), Map.entry("limit", 50));
    }

    @Test
    void canShowEachRowWithItsOrdersExternalId() {
        db.rows("FROM order_exception", row("order_id", "o-1", "external_order_id", "#1001", "reason", "ON_HOLD",
                "subject", "", "detail", "fraud check", "since", T0.atOffset(ZoneOffset.ofHours(2)), "due_at", null),
                row("order_id", "o-2", "external_order_id", null, "reason", "AWAITING_ACCEPTANCE", "subject", "a-1",
                        "detail", "supplier s", "since", T0.atOffset(ZoneOffset.UTC),
                        "due_at", T0.plusSeconds(60).atOffset(ZoneOffset.UTC)));

        var rows = new AtRiskOrderQueries(db.client())
                .handle(new FindAtRiskOrdersQuery(new RetailerId("r"), T0, 50)).join();

        assertThat(rows).containsExactly(
                new AtRiskOrderView("o-1", "#1001", "ON_HOLD", "", "fraud check", T0, null),
                new AtRiskOrderView("o-2", null, "AWAITING_ACCEPTANCE", "a-1", "supplier s", T0, T0.plusSeconds(60)));
    }
}
