package io.orderflow.projection.inventory;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.CommitmentsSettledEvent;
import io.orderflow.coreapi.stock.CommittedStockReleasedEvent;
import io.orderflow.coreapi.stock.SafetyStockSetEvent;
import io.orderflow.coreapi.stock.StockCommittedEvent;
import io.orderflow.coreapi.stock.StockDeltaAppliedEvent;
import io.orderflow.coreapi.stock.StockLevelReportedEvent;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.StockReleasedEvent;
import io.orderflow.coreapi.stock.StockReservedEvent;
import io.orderflow.coreapi.stock.StockSettledEvent;
import io.orderflow.projection.RecordingJdbc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StockAvailabilityProjectionTest {

    static final RetailerId RETAILER = new RetailerId("r");
    static final SupplierId SUPPLIER = new SupplierId("s");
    static final StockPositionId POSITION = StockPositionId.of(SUPPLIER, "loc", "SA");
    static final OrderId ORDER = new OrderId("o-1");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    final Table table = new Table();
    final RecordingJdbc jdbc = new RecordingJdbc().updateCount(table::apply)
            .rows("SELECT 1 FROM stock_availability WHERE position_id", new Object[] {1});
    final StockAvailabilityProjection projection = new StockAvailabilityProjection(jdbc);

    @Test
    void canReserveCommitAndSettleStockOutOfWhatTheSupplierReported() {
        projection.on(reported(10, T0), 1);
        assertThat(table.row()).containsEntry("reported", 10).containsEntry("available", 10)
                .containsEntry("retailer_id", "r").containsEntry("supplier_sku", "SA");

        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 3), 2);
        assertThat(table.row()).containsEntry("reserved", 3).containsEntry("available", 7);

        projection.on(new StockCommittedEvent(POSITION, RETAILER, ORDER, "L1", 2, T0), 3);
        assertThat(table.row()).containsEntry("reserved", 1).containsEntry("committed", 2).containsEntry("available", 7);

        projection.on(new StockReleasedEvent(POSITION, RETAILER, ORDER, "L1", 1), 4);
        assertThat(table.row()).containsEntry("reserved", 0).containsEntry("available", 8);

        projection.on(new StockSettledEvent(POSITION, RETAILER, ORDER, "L1", 1), 5);
        assertThat(table.row()).containsEntry("committed", 1).containsEntry("available", 9);

        projection.on(new CommittedStockReleasedEvent(POSITION, RETAILER, ORDER, "L1", 1, T0), 6);
        assertThat(table.row()).containsEntry("committed", 0).containsEntry("available", 10)
                .containsEntry("last_sequence", 6L);
    }

    @Test
    void canSettleEveryCommitmentASupplierReportCaughtUpWith() {
        projection.on(reported(10, T0), 1);
        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 4), 2);
        projection.on(new StockCommittedEvent(POSITION, RETAILER, ORDER, "L1", 4, T0), 3);
        assertThat(table.row()).containsEntry("available", 6);

        projection.on(new CommitmentsSettledEvent(POSITION, RETAILER, T0, 4), 4);
        projection.on(reported(6, T0.plusSeconds(60)), 5);

        assertThat(table.row()).containsEntry("reserved", 0).containsEntry("committed", 0)
                .containsEntry("available", 6);
    }

    @Test
    void canKeepSafetyStockOutOfWhatIsAvailable() {
        projection.on(new SafetyStockSetEvent(POSITION, RETAILER, SUPPLIER, "loc", "SA", 2), 1);
        projection.on(reported(10, T0), 2);
        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 3), 3);

        assertThat(table.row()).containsEntry("safety_stock", 2).containsEntry("reported", 10)
                .containsEntry("available", 5);
    }

    @Test
    void canTakeANewReportWithoutForgettingReservations() {
        projection.on(reported(10, T0), 1);
        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 3), 2);
        projection.on(reported(4, T0.plusSeconds(60)), 3);

        assertThat(table.row()).containsEntry("reported", 4).containsEntry("reserved", 3).containsEntry("available", 1)
                .containsEntry("reported_at", utc(T0.plusSeconds(60)));
    }

    @Test
    void cannotApplyAnEventTwice() {
        projection.on(reported(10, T0), 1);
        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 3), 2);
        projection.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 3), 2);
        projection.on(reported(10, T0), 1);

        assertThat(table.row()).containsEntry("reserved", 3).containsEntry("available", 7)
                .containsEntry("last_sequence", 2L);
    }

    @Test
    void cannotMoveTheReportTimeBackWithADeltaThatCameLate() {
        projection.on(delta(8, T0.plusSeconds(60)), 1);
        projection.on(delta(9, T0), 2);

        assertThat(table.row()).containsEntry("reported", 9).containsEntry("reported_at", utc(T0.plusSeconds(60)));
    }

    @Test
    void cannotChangeAPositionWhoseFirstEventWasNeverApplied() {
        var empty = new StockAvailabilityProjection(new RecordingJdbc().updateCount(s -> 0));
        assertThatIllegalStateException()
                .isThrownBy(() -> empty.on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 1), 1))
                .withMessageContaining(POSITION.value());
    }

    @Test
    void canIgnoreAnOldChangeToAPositionItHas() {
        var stale = new RecordingJdbc().updateCount(s -> 0)
                .rows("SELECT 1 FROM stock_availability", new Object[] {1});
        new StockAvailabilityProjection(stale).on(new StockReservedEvent(POSITION, RETAILER, ORDER, "L1", 1), 1);

        assertThat(stale.statements("SELECT 1")).hasSize(1);
    }

    private static StockLevelReportedEvent reported(int available, Instant asOf) {
        return new StockLevelReportedEvent(POSITION, RETAILER, SUPPLIER, "loc", "SA", available, asOf);
    }

    private static StockDeltaAppliedEvent delta(int level, Instant asOf) {
        return new StockDeltaAppliedEvent(POSITION, RETAILER, SUPPLIER, "loc", "SA", "m-" + level, 1, level, asOf);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * stock_availability as the projection's statements leave it: understands exactly the statement shapes the
     * projection writes (and fails on any other), and computes available as the table's generated column does (V3).
     */
    static final class Table {

        private static final Pattern INSERT_COLUMNS = Pattern.compile("last_sequence, ([^)]*)\\)");
        private static final Pattern UPSERT_SET = Pattern.compile("(\\w+) = (excluded\\.\\w+|GREATEST\\([^)]*\\))");
        private static final Pattern CHANGE = Pattern.compile(
                "^UPDATE stock_availability SET (.*), last_sequence = \\? WHERE position_id = \\? AND last_sequence < \\?$");
        private static final Pattern DELTA = Pattern.compile("(\\w+) = (\\w+) ([+-]) \\?");

        private final Map<String, Map<String, Object>> rows = new HashMap<>();

        Map<String, Object> row() {
            var row = new LinkedHashMap<>(rows.get(POSITION.value()));
            row.put("available", (int) row.get("reported") - (int) row.get("reserved") - (int) row.get("committed")
                    - (int) row.get("safety_stock"));
            return row;
        }

        int apply(RecordingJdbc.Statement statement) {
            var sql = statement.sql().replaceAll("\\s+", " ").strip();
            var args = statement.args();
            if (sql.startsWith("INSERT INTO stock_availability")) {
                return upsert(sql, args);
            }
            var change = CHANGE.matcher(sql);
            if (!change.matches()) {
                throw new AssertionError("not a statement the projection writes: " + sql);
            }
            var row = rows.get((String) args.get(args.size() - 2));
            long sequence = (long) args.getLast();
            if (row == null || (long) row.get("last_sequence") >= sequence) {
                return 0;
            }
            var assignments = DELTA.matcher(change.group(1));
            int i = 0;
            while (assignments.find()) {
                assertThat(assignments.group(2)).isEqualTo(assignments.group(1));
                int value = (int) args.get(i++);
                row.merge(assignments.group(1), assignments.group(3).equals("+") ? value : -value,
                        (a, b) -> (int) a + (int) b);
            }
            assertThat(i).isEqualTo(args.size() - 3);
            row.put("last_sequence", sequence);
            return 1;
        }

        private int upsert(String sql, java.util.List<Object> args) {
            var columns = INSERT_COLUMNS.matcher(sql);
            assertThat(columns.find()).isTrue();
            var values = new LinkedHashMap<String, Object>();
            var names = columns.group(1).split(", ");
            for (int i = 0; i < names.length; i++) {
                values.put(names[i], args.get(6 + i));
            }
            String position = (String) args.get(0);
            long sequence = (long) args.get(5);
            var row = rows.get(position);
            if (row == null) {
                row = new HashMap<>(Map.of("retailer_id", args.get(1), "supplier_id", args.get(2),
                        "location_id", args.get(3), "supplier_sku", args.get(4), "reported", 0, "reserved", 0,
                        "committed", 0, "safety_stock", 0));
                row.putAll(values);
                row.put("last_sequence", sequence);
                rows.put(position, row);
                return 1;
            }
            assertThat(sql).contains("WHERE stock_availability.last_sequence < excluded.last_sequence");
            if ((long) row.get("last_sequence") >= sequence) {
                return 0;
            }
            var set = UPSERT_SET.matcher(sql.substring(sql.indexOf("DO UPDATE SET")));
            while (set.find()) {
                String column = set.group(1);
                if (column.equals("last_sequence")) {
                    continue;
                }
                if (set.group(2).startsWith("GREATEST")) {
                    var excluded = (OffsetDateTime) values.get(column);
                    var current = (OffsetDateTime) row.get(column);
                    row.put(column, current == null || excluded.isAfter(current) ? excluded : current);
                } else {
                    row.put(column, values.get(set.group(2).substring("excluded.".length())));
                }
            }
            row.put("last_sequence", sequence);
            return 1;
        }
    }
}
