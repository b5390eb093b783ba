package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve, dispute or resolve a discrepancy; who did it and why are kept. */
public record ReviewBillingDiscrepancyCommand(@TargetAggregateIdentifier String discrepancyId, SupplierId supplierId,
                                              RetailerId retailerId,
                                              DiscrepancyStatus decision, String actor, String reason, Instant at) {
}
