package io.orderflow.bench.load;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.HdrHistogram.Histogram;

/**
 * Where the time from placement to acceptance goes, read from the event store after a run: for every order of the
 * run, when its events of each stage were appended (the time an event was made, in the command that made it).
 * Stages follow the order's way through the system; for an order with several allocations, each stage ends at the
 * last event of its kind, so the stages of one order add up to its placement-to-acceptance time.
 */
final class OrderStages {

    private static final String ORDER = "io.orderflow.coreapi.order.";

    /** Stage name → the event that ends it, in the order the stages follow one another. */
    private static final Map<String, String> ENDED_BY = stages(
            "placed", "OrderPlacedEvent",
            "routingStarted", "OrderRoutingStartedEvent",
            "suppliersSelected", "SupplierSelectedEvent",
            "submissionRequested", "SupplierOrderSubmissionRequestedEvent",
            "submitted", "SupplierOrderSubmittedEvent",
            "accepted", "SupplierOrderAcceptedEvent");

    private final Map<String, long[]> endsByOrder = new HashMap<>();

    private OrderStages() {
    }

    /** Reads the stage ends of every order whose events come after {@code fromIndex}. */
    static OrderStages read(Connection connection, long fromIndex) throws SQLException {
        var stages = new OrderStages();
        var kinds = List.copyOf(ENDED_BY.values());
        try (var statement = connection.prepareStatement("""
                SELECT aggregateidentifier, payloadtype, "timestamp" FROM domainevententry
                WHERE globalindex > ? AND payloadtype = ANY (?)""")) {
            statement.setLong(1, fromIndex);
            statement.setArray(2, connection.createArrayOf("varchar",
                    kinds.stream().map(kind -> ORDER + kind).toArray()));
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    int stage = kinds.indexOf(rows.getString(2).substring(ORDER.length()));
                    long at = Instant.parse(rows.getString(3)).toEpochMilli();
                    long[] ends = stages.endsByOrder.computeIfAbsent(rows.getString(1), o -> new long[kinds.size()]);
                    // routing may start again after a rejection; the first start is where routing began
                    ends[stage] = ends[stage] == 0 ? at : stage == 1 ? Math.min(ends[stage], at) : Math.max(ends[stage], at);
                }
            }
        }
        return stages;
    }

    /**
     * p50 and p99 (ms) of each stage over the accepted orders whose placement was due at a time {@code dueIn}
     * accepts; the first stage starts when the order was due to be sent.
     */
    Map<String, Object> summary(Map<String, Long> dueAt, LongPredicate dueIn) {
        var names = List.copyOf(ENDED_BY.keySet());
        var histograms = names.stream().map(name -> new Histogram(3)).toList();
        int orders = 0;
        for (var entry : dueAt.entrySet()) {
            long[] ends = endsByOrder.get(entry.getKey());
            if (!dueIn.test(entry.getValue()) || ends == null || ends[ends.length - 1] == 0) {
                continue;
            }
            orders++;
            long from = entry.getValue();
            for (int stage = 0; stage < ends.length; stage++) {
                if (ends[stage] != 0) {
                    histograms.get(stage).recordValue(Math.max(0, ends[stage] - from));
                    from = ends[stage];
                }
            }
        }
        var summary = new LinkedHashMap<String, Object>();
        summary.put("orders", orders);
        for (int stage = 0; stage < names.size(); stage++) {
            var histogram = histograms.get(stage);
            summary.put(names.get(stage), Map.of("p50", histogram.getValueAtPercentile(50),
                    "p99", histogram.getValueAtPercentile(99)));
        }
        return summary;
    }

    private static Map<String, String> stages(String... nameThenEvent) {
        var stages = new LinkedHashMap<String, String>();
        for (int i = 0; i < nameThenEvent.length; i += 2) {
            stages.put(nameThenEvent[i], nameThenEvent[i + 1]);
        }
        return stages;
    }
}
