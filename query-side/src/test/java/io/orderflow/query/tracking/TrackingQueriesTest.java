package io.orderflow.query.tracking;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.tracking.FindOrderTrackingQuery;
import io.orderflow.coreapi.tracking.OrderTracking;
import io.orderflow.query.FakeDb;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.query.FakeDb.row;
import static org.assertj.core.api.Assertions.assertThat;

class TrackingQueriesTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final FakeDb db = new FakeDb();
    final TrackingQueries queries = new TrackingQueries(db.client());

    @Test
    void canReadWhatTheTrackingPageShows() {
        db.rows("FROM order_tracking", row("order_id", "o-1", "retailer_id", "r", "city", "Berlin",
                "promise_by", LocalDate.of(2026, 5, 9), "placed_at", T0.atOffset(ZoneOffset.UTC),
                "accepted_at", T0.plusSeconds(60).atOffset(ZoneOffset.ofHours(2)), "completed_at", null,
                "reroutes", 1, "updated_at", T0.plusSeconds(90).atOffset(ZoneOffset.UTC),
                "parcels", """
                        [{"shipmentId":"F1","expectedShipDate":"2026-05-03","shippedAt":"2026-05-02T08:00:00Z",
                          "deliveredAt":null}]"""));

        var tracking = queries.handle(new FindOrderTrackingQuery(new OrderId("o-1"))).join();

        assertThat(tracking).isEqualTo(new OrderTracking("o-1", "r", "Berlin", LocalDate.of(2026, 5, 9), T0,
                T0.plusSeconds(60), null, 1, T0.plusSeconds(90), List.of(new OrderTracking.Parcel("F1",
                        LocalDate.of(2026, 5, 3), Instant.parse("2026-05-02T08:00:00Z"), null))));
        assertThat(db.only().binds()).containsExactly(Map.entry("orderId", "o-1"));
    }

    @Test
    void cannotFindAnOrderWithoutTracking() {
        assertThat(queries.handle(new FindOrderTrackingQuery(new OrderId("o-1"))).join()).isNull();
    }
}
