package io.orderflow.coreapi.billing;

/** retailerId scopes it; the other filters may be null; answers a list of {@link DiscrepancyView}, newest first, at most limit. */
public record FindDiscrepanciesQuery(String retailerId, String supplierId, DiscrepancyStatus status, String discrepancyId, int limit) {
}
