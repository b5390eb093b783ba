package io.orderflow.query.tracking;

import io.orderflow.coreapi.tracking.FindOrderTrackingQuery;
import io.orderflow.coreapi.tracking.OrderTracking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.r2dbc.spi.Readable;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads the tracking read model (R2DBC, non-blocking). Callers have proven with a signed link which order they may see. */
@Component
class TrackingQueries {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<OrderTracking.Parcel>> PARCELS = new TypeReference<>() {
    };

    private final DatabaseClient db;

    TrackingQueries(DatabaseClient db) {
        this.db = db;
    }

    @QueryHandler
    public CompletableFuture<OrderTracking> handle(FindOrderTrackingQuery query) {
        return db.sql("""
                        SELECT order_id, retailer_id, city, promise_by, placed_at, accepted_at, completed_at,
                               reroutes, updated_at, parcels::text AS parcels
                        FROM order_tracking WHERE order_id = :orderId""")
                .bind("orderId", query.orderId().value())
                .map((row, meta) -> new OrderTracking(row.get("order_id", String.class),
                        row.get("retailer_id", String.class), row.get("city", String.class), row.get("promise_by", LocalDate.class), instant(row, "placed_at"),
                        instant(row, "accepted_at"), instant(row, "completed_at"), row.get("reroutes", Integer.class),
                        instant(row, "updated_at"), JSON.readValue(row.get("parcels", String.class), PARCELS)))
                .one()
                .toFuture();
    }

    private static Instant instant(Readable row, String column) {
        OffsetDateTime value = row.get(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
