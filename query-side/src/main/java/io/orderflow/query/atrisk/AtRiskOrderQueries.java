package io.orderflow.query.atrisk;

import io.orderflow.coreapi.order.FindAtRiskOrdersQuery;
import io.orderflow.coreapi.order.AtRiskOrderView;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

/** The exceptions list: trouble now, and deadlines before the horizon, oldest first. */
@Component
class AtRiskOrderQueries {

    private final DatabaseClient db;

    AtRiskOrderQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<List<AtRiskOrderView>> handle(FindAtRiskOrdersQuery query) {
        return db.sql("""
                        SELECT e.order_id, v.external_order_id, e.reason, e.subject, e.detail, e.since, e.due_at
                        FROM order_exception e LEFT JOIN order_view v ON v.order_id = e.order_id
                        WHERE e.retailer_id = :retailerId AND (e.due_at IS NULL OR e.due_at <= :horizon)
                        ORDER BY coalesce(e.due_at, e.since), e.order_id, e.reason, e.subject
                        LIMIT :limit""")
                .bind("retailerId", query.retailerId().value())
                .bind("horizon", query.horizon().atOffset(ZoneOffset.UTC))
                .bind("limit", query.limit())
                .map((row, meta) -> new AtRiskOrderView(row.get("order_id", String.class),
                        row.get("external_order_id", String.class), row.get("reason", String.class),
                        row.get("subject", String.class), row.get("detail", String.class),
                        instant(row.get("since", OffsetDateTime.class)), instant(row.get("due_at", OffsetDateTime.class))))
                .all()
                .collectList()
                .toFuture();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
