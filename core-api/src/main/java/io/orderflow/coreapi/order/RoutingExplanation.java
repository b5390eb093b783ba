package io.orderflow.coreapi.order;

import java.util.List;
import java.util.Map;

/**
 * Why an allocation went where it went: every candidate source, either the filters that excluded it or its
 * score with the breakdown per criterion (each 0..1), and the choice made. Stored with SupplierSelected.
 */
public record RoutingExplanation(String policyVersion, List<Candidate> candidates, String decision) {

    public record Candidate(String supplierId, String locationId, boolean eligible, boolean chosen,
                            List<String> reasons, Double score, Map<String, Double> breakdown, Double distanceKm) {
    }
}
