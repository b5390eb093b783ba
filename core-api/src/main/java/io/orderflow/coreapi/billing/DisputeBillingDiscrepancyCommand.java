package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Contest it with the supplier: waits for an approval or a resolution. */
public record DisputeBillingDiscrepancyCommand(@TargetAggregateIdentifier String discrepancyId, SupplierId supplierId,
                                              RetailerId retailerId, String actor, String reason, Instant at) {
}
