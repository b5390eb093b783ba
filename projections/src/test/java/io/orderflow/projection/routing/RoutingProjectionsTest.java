package io.orderflow.projection.routing;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.projection.RecordingJdbc;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The routing read models: backordered lines, stored decisions and the suppliers' scorecards. */
class RoutingProjectionsTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final AllocationId ALLOCATION = new AllocationId("a-1");
    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final Instant LATE_EVENING = Instant.parse("2026-05-01T23:30:00Z");

    final RecordingJdbc jdbc = new RecordingJdbc();

    static SupplierSelectedEvent selected(String... lineIds) {
        var lines = java.util.Arrays.stream(lineIds).map(id -> new AllocatedLine(id, new Sku("A"), 2, "SA", "v-1", 4,
                StockPositionId.of(SUPPLIER, "loc", "SA"), 3)).toList();
        return new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "loc", lines, Duration.ofHours(1),
                new RoutingExplanation("7", List.of(new RoutingExplanation.Candidate("s-1", "loc", true, true,
                        List.of("has stock"), 0.9, Map.of("proximity", 0.5), 12.5)), "closest with stock"), "7");
    }

    @Nested
    class Backorders {

        final BackorderProjection projection = new BackorderProjection(jdbc);

        @Test
        void canRememberEachLinesSkuSoABackorderCanBeFiledUnderIt() {
            var line = new OrderLine("L1", new Sku("A"), 1, new Money(BigDecimal.ONE, "EUR"));
            projection.on(new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR", null, null,
                    List.of(line, new OrderLine("L2", new Sku("B"), 1, new Money(BigDecimal.ONE, "EUR"))), null, "web",
                    LATE_EVENING, null, null));

            assertThat(jdbc.statements("INSERT INTO order_line_sku")).extracting(RecordingJdbc.Statement::args)
                    .containsExactly(List.of("o-1", "L1", "r", "A"), List.of("o-1", "L2", "r", "B"));
        }

        @Test
        void canFileEveryBackorderedLineOnceWithItsTime() {
            projection.on(new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L1", "L2"), "no stock"), LATE_EVENING);

            var inserts = jdbc.statements("INSERT INTO backordered_line");
            assertThat(inserts).extracting(RecordingJdbc.Statement::args).containsExactly(
                    List.of(Timestamp.from(LATE_EVENING), "o-1", "L1"), List.of(Timestamp.from(LATE_EVENING), "o-1", "L2"));
            assertThat(inserts.getFirst().sql()).contains("FROM order_line_sku", "ON CONFLICT DO NOTHING");
        }

        @Test
        void canStopWaitingForLinesThatFoundASupplierOrWereCancelled() {
            projection.on(selected("L1", "L2"));
            projection.on(new OrderLinesCancelledEvent(ORDER, RETAILER, List.of(new LineQuantity("L3", 1)), "asked",
                    LATE_EVENING));

            assertThat(jdbc.statements("DELETE FROM backordered_line")).extracting(RecordingJdbc.Statement::args)
                    .containsExactly(List.of("o-1", "L1"), List.of("o-1", "L2"), List.of("o-1", "L3"));
        }

        @Test
        void canForgetEverythingOnReset() {
            projection.reset();

            assertThat(jdbc.statements()).extracting(RecordingJdbc.Statement::sql)
                    .containsExactly("DELETE FROM backordered_line", "DELETE FROM order_line_sku");
        }
    }

    @Nested
    class Decisions {

        @Test
        void canStoreTheDecisionWithItsLinesExplanationAndPolicyVersionOnce() {
            new RoutingDecisionProjection(jdbc).on(selected("L1"), LATE_EVENING);

            var insert = jdbc.only("INSERT INTO routing_decision");
            assertThat(insert.sql()).contains("ON CONFLICT (allocation_id) DO NOTHING");
            assertThat(insert.args().subList(0, 6)).containsExactly("a-1", "o-1", "r", "s-1", "loc", "7");
            assertThat(insert.arg(8)).isEqualTo(Timestamp.from(LATE_EVENING));
            var json = JsonMapper.builder().build();
            assertThat(json.readTree((String) insert.arg(6)).get(0).get("lineId").asString()).isEqualTo("L1");
            assertThat(json.readTree((String) insert.arg(6)).get(0).get("quantity").asInt()).isEqualTo(2);
            assertThat(json.readValue((String) insert.arg(7), RoutingExplanation.class))
                    .isEqualTo(selected("L1").explanation());
        }
    }

    @Nested
    class Performance {

        final AllocationPerformanceProjection projection = new AllocationPerformanceProjection(jdbc);

        @Test
        void canCountASupplierOrderOnTheUtcDayItWasPlaced() {
            projection.on(selected("L1"), LATE_EVENING);

            assertThat(jdbc.only("INSERT INTO allocation_performance").args())
                    .containsExactly("a-1", "s-1", "r", Timestamp.from(LATE_EVENING));
            assertThat(jdbc.only("supplier_day_orders").args()).containsExactly("s-1", Date.valueOf("2026-05-01"));
        }

        @Test
        void cannotCountARedeliveredSelectionAgain() {
            var redelivered = new RecordingJdbc().updateCount(s -> 0);
            new AllocationPerformanceProjection(redelivered).on(selected("L1"), LATE_EVENING);

            assertThat(redelivered.statements("supplier_day_orders")).isEmpty();
        }

        @Test
        void canRecordTheSubmissionTimeOnce() {
            projection.on(new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "SO-1", LATE_EVENING));

            var update = jdbc.only("UPDATE allocation_performance");
            assertThat(update.sql()).contains("submitted_at = COALESCE(submitted_at, ?)");
            assertThat(update.args()).containsExactly(Timestamp.from(LATE_EVENING), "a-1");
        }

        @Test
        void canCountAnAcceptanceAsDecidedOnlyWhenNoOtherDecisionCameFirst() {
            projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, LATE_EVENING));

            var decide = jdbc.only("supplier_scorecard");
            assertThat(decide.sql()).contains("SET accepted_at = ? WHERE allocation_id = ? AND accepted_at IS NULL",
                    "RETURNING supplier_id, timed_out_at IS NULL AND rejected_at IS NULL AS first");
            assertThat(decide.args()).containsExactly(Timestamp.from(LATE_EVENING), "a-1", 1);
        }

        @Test
        void canCountATimeOutAsDecidedButNotAccepted() {
            projection.on(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, LATE_EVENING));

            var decide = jdbc.only("supplier_scorecard");
            assertThat(decide.sql()).contains("SET timed_out_at = ? WHERE allocation_id = ? AND timed_out_at IS NULL",
                    "RETURNING supplier_id, accepted_at IS NULL AND rejected_at IS NULL AS first");
            assertThat(decide.args()).containsExactly(Timestamp.from(LATE_EVENING), "a-1", 0);
        }

        @Test
        void canCountARejectionAsDecidedButNotAccepted() {
            projection.on(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "out of stock",
                    LATE_EVENING));

            var decide = jdbc.only("supplier_scorecard");
            assertThat(decide.sql()).contains("SET rejected_at = ? WHERE allocation_id = ? AND rejected_at IS NULL",
                    "RETURNING supplier_id, accepted_at IS NULL AND timed_out_at IS NULL AS first");
            assertThat(decide.args()).containsExactly(Timestamp.from(LATE_EVENING), "a-1", 0);
        }

        @Test
        void canCountShippingOnTimeOnceBothTheExpectedDateAndTheShipmentAreKnown() {
            projection.on(new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", List.of(),
                    LocalDate.of(2026, 5, 2), LATE_EVENING));
            projection.on(new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", List.of(), "DHL", "1",
                    null, LATE_EVENING));

            var expected = jdbc.statements("supplier_scorecard").get(0);
            assertThat(expected.sql()).contains("SET expected_ship_date = ? WHERE allocation_id = ? "
                    + "AND expected_ship_date IS NULL", "RETURNING supplier_id, shipped_at IS NOT NULL AS complete");
            assertThat(expected.args()).containsExactly(Date.valueOf("2026-05-02"), "a-1");
            var shipped = jdbc.statements("supplier_scorecard").get(1);
            assertThat(shipped.sql()).contains("SET shipped_at = ? WHERE allocation_id = ? AND shipped_at IS NULL",
                    "RETURNING supplier_id, expected_ship_date IS NOT NULL AS complete",
                    "(shipped_at AT TIME ZONE 'UTC')::date <= expected_ship_date AS on_time");
            assertThat(shipped.args()).containsExactly(Timestamp.from(LATE_EVENING), "a-1");
        }

        @Test
        void cannotJudgeShippingWithoutAnExpectedDate() {
            projection.on(new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", List.of(), null,
                    LATE_EVENING));

            assertThat(jdbc.statements()).isEmpty();
        }
    }
}
