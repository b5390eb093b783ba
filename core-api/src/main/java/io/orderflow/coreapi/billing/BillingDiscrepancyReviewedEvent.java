package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** status: what the discrepancy became (APPROVED, DISPUTED or RESOLVED). */
@Revision("1")
public record BillingDiscrepancyReviewedEvent(String discrepancyId, SupplierId supplierId,
                                              RetailerId retailerId, DiscrepancyStatus status,
                                              DiscrepancyStatus previous, String actor, String reason, Instant at) {
}
