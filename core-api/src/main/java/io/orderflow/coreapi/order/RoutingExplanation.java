package io.orderflow.coreapi.order;

import java.util.List;

/** Why an allocation went where it went: every candidate considered, and the reason for the choice. */
public record RoutingExplanation(String strategy, List<Candidate> candidates, String decision) {

    public record Candidate(String supplierId, String locationId, boolean eligible, List<String> reasons) {
    }
}
