package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.shared.SupplierId;

import java.util.List;

/**
 * Why the engine decided as it did: every candidate source in (supplier id, location id) order, and the plan.
 * An eligible candidate can serve at least one line; its {@code reasons} then name the lines it cannot serve.
 */
public record Explanation(String policyVersion, List<Candidate> candidates, String decision) {

    public Explanation {
        candidates = List.copyOf(candidates);
    }

    /**
     * {@code score} and {@code breakdown} are null for an excluded candidate. {@code distanceKm} is great-circle
     * when both ends have coordinates, otherwise estimated from region and country ({@code distanceEstimated}); it
     * is null when the supplier was excluded as a whole (then its lines are not checked either: the supplier-level
     * reasons say why).
     */
    public record Candidate(SupplierId supplierId, String locationId, boolean eligible, boolean chosen,
                            List<String> reasons, List<String> servableLineIds, Double score,
                            ScoreBreakdown breakdown, Double distanceKm, boolean distanceEstimated) {

        public Candidate {
            reasons = List.copyOf(reasons);
            servableLineIds = List.copyOf(servableLineIds);
        }
    }

    /**
     * Each criterion normalised to 0..1 among the eligible candidates (1 = best). Cost and stock are judged per
     * line against the other sources of that line and averaged over the lines this candidate can serve.
     */
    public record ScoreBreakdown(double proximity, double cost, double priority, double promise, double reliability,
                                 double stock) {
    }
}
