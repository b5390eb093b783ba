package io.orderflow.command.routing.engine;

import java.util.List;

/**
 * Decides which sources (supplier locations) serve which lines of one order, and says why.
 * <p>
 * A route runs in steps over one {@link RouteState}: {@link Eligibility} finds the sources and the lines each may
 * take, whole lines only; {@link Scoring} scores the eligible ones per (source, line) pair; {@link PlanSearch}
 * chooses the set of sources without trying every subset, a plan's score being the sum over its lines, and
 * {@code maxSuppliersPerOrder} counting allocations, i.e. sources; {@link Explainer} writes the decision and its
 * explanation.
 * <p>
 * Pure and deterministic: no clock, no I/O, no shared state; suppliers, locations and lines are handled in id
 * order, so the decision does not depend on the order of the input lists. Safe to share between threads.
 */
public final class RoutingEngine {

    public RoutingDecision route(RoutingInput input) {
        var state = new RouteState(input);
        new Eligibility(state).findSources();
        List<Source> eligible = state.sources.stream().filter(Source::eligible).toList();
        new Scoring(state).score(eligible);
        int servable = servableLineCount(state, eligible);
        var search = new PlanSearch(masksOf(eligible), pairsOf(eligible), supplierIndexes(eligible),
                remainingCapacities(state.suppliers), state.lines.length);
        int[] members = search.best(state.policy.maxSuppliersPerOrder(), servable);
        int[] owners = search.owners(members);
        return new Explainer(state).decision(eligible, owners, servable);
    }

    private static int servableLineCount(RouteState state, List<Source> eligible) {
        long[] union = new long[state.words];
        for (Source o : eligible) {
            for (int w = 0; w < state.words; w++) {
                union[w] |= o.mask[w];
            }
        }
        int n = 0;
        for (long w : union) {
            n += Long.bitCount(w);
        }
        return n;
    }

    private static long[][] masksOf(List<Source> eligible) {
        return eligible.stream().map(o -> o.mask).toArray(long[][]::new);
    }

    private static double[][] pairsOf(List<Source> eligible) {
        return eligible.stream().map(o -> o.pair).toArray(double[][]::new);
    }

    private static int[] supplierIndexes(List<Source> eligible) {
        return eligible.stream().mapToInt(o -> o.supplierIndex).toArray();
    }

    private static int[] remainingCapacities(CandidateSupplier[] suppliers) {
        int[] remaining = new int[suppliers.length];
        for (int s = 0; s < suppliers.length; s++) {
            remaining[s] = Math.max(0, suppliers[s].dailyCapacity() - suppliers[s].ordersToday());
        }
        return remaining;
    }
}
