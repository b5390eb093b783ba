package io.orderflow.coreapi.supplier;

import java.time.Instant;

/** One supplier of the list: its directory entry and its running scorecard (counts since it was first routed to). */
public record SupplierListEntry(String supplierId, String name, String connectorType, boolean active, int priority,
                                int catalogVersion, Instant updatedAt, Scorecard scorecard) {

    /** decided: allocations the supplier accepted, rejected or let time out; rates are null until there is one. */
    public record Scorecard(long decided, long accepted, long shipped, long onTime, Double acceptanceRate,
                            Double onTimeRate) {
    }
}
