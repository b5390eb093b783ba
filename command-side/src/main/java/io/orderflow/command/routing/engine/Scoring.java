package io.orderflow.command.routing.engine;

import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * Scores the eligible sources of one route on six criteria, each min-max normalised among the eligible sources
 * (1 = best, all equal = 1), and combines them by the policy's weights into a score per (source, line) pair:
 * proximity, priority, promise fit and reliability belong to the source, cost and stock depth to the pair.
 */
final class Scoring {

    /** Spare days beyond which a promise is as safe as it gets; more slack earns no more promise fit. */
    static final int PROMISE_COMFORT_DAYS = 2;
    static final double NEUTRAL_RELIABILITY = 0.5;

    private final RouteState state;

    Scoring(RouteState state) {
        this.state = state;
    }

    void score(List<Source> eligible) {
        if (eligible.isEmpty()) {
            return;
        }
        scoreSources(eligible);
        int lineCount = state.lines.length;
        int[] servers = new int[lineCount];
        for (Source o : eligible) {
            for (int i = 0; i < lineCount; i++) {
                servers[i] += o.serves(i) ? 1 : 0;
            }
        }
        Source[][] byLine = new Source[lineCount][];
        for (int i = 0; i < lineCount; i++) {
            byLine[i] = new Source[servers[i]];
            servers[i] = 0;
        }
        for (Source o : eligible) {
            for (int i = 0; i < lineCount; i++) {
                if (o.serves(i)) {
                    byLine[i][servers[i]++] = o;
                }
            }
        }
        for (int i = 0; i < lineCount; i++) {
            scoreLine(i, byLine[i]);
        }
    }

    /** The criteria that do not depend on the line. */
    private void scoreSources(List<Source> eligible) {
        var input = state.input;
        int n = eligible.size();
        double[] km = new double[n];
        double[] rank = new double[n];
        double[] slack = new double[n];
        double[] reliability = new double[n];
        long daysLeft = input.promiseBy() == null ? 0 : ChronoUnit.DAYS.between(input.today(), input.promiseBy());
        for (int k = 0; k < n; k++) {
            Source o = eligible.get(k);
            km[k] = o.km;
            rank[k] = o.supplier.priorityRank();
            slack[k] = input.promiseBy() == null ? 0
                    : Math.min(daysLeft - o.supplier.handlingDays(), PROMISE_COMFORT_DAYS);
            var r = o.supplier.reliability();
            reliability[k] = ((r.acceptanceRate() == null ? NEUTRAL_RELIABILITY : r.acceptanceRate())
                    + (r.onTimeRate() == null ? NEUTRAL_RELIABILITY : r.onTimeRate())) / 2;
        }
        normalise(km, false);
        normalise(rank, false);
        normalise(slack, true);
        normalise(reliability, true);
        for (int k = 0; k < n; k++) {
            Source o = eligible.get(k);
            o.proximity = km[k];
            o.priority = rank[k];
            o.promise = slack[k];
            o.reliability = reliability[k];
            o.pair = new double[state.lines.length];
        }
        var w = state.policy.weights();
        for (Source o : eligible) {
            o.fixedScore = w.proximity() * o.proximity + w.priority() * o.priority + w.promise() * o.promise
                    + w.reliability() * o.reliability;
        }
    }

    /** Cost and stock depth depend on the line, so they are judged among the sources of that line. */
    private void scoreLine(int i, Source[] servers) {
        int count = servers.length;
        if (count == 0) {
            return;
        }
        double[] cost = new double[count];
        double[] depth = new double[count];
        String currency = null;
        boolean oneCurrency = true;
        for (int k = 0; k < count; k++) {
            Source o = servers[k];
            CatalogIndex catalog = state.catalogs[o.supplierIndex];
            int entry = state.entriesBySupplier[o.supplierIndex][i];
            long units = (long) state.quantities[i] * catalog.unitsPerItem(entry);
            double fixed = LandedCost.SHIPMENT_BASE + state.feeBySupplier[o.supplierIndex];
            // A parcel's fixed charges are shared by the lines the source could take in it.
            cost[k] = units * (catalog.unitCost(entry) + LandedCost.shippingPerUnit(o.km)) + fixed / o.servable;
            depth[k] = 1 - (double) units / o.atp[i];
            if (currency == null) {
                currency = catalog.currency();
            } else if (currency != catalog.currency() && !currency.equals(catalog.currency())) {
                oneCurrency = false;
            }
        }
        if (!oneCurrency) {
            Arrays.fill(cost, 0); // prices in different currencies cannot be ranked without exchange rates
        }
        normalise(cost, false);
        normalise(depth, true);
        var w = state.policy.weights();
        double total = w.sum();
        for (int k = 0; k < count; k++) {
            Source o = servers[k];
            o.costSum += cost[k];
            o.stockSum += depth[k];
            o.pair[i] = total == 0 ? 0 : (o.fixedScore + w.cost() * cost[k] + w.stock() * depth[k]) / total;
        }
    }

    private static void normalise(double[] values, boolean higherIsBetter) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double range = max - min;
        for (int k = 0; k < values.length; k++) {
            if (range < 1e-12) {
                values[k] = 1;
            } else {
                values[k] = higherIsBetter ? (values[k] - min) / range : (max - values[k]) / range;
            }
        }
    }
}
