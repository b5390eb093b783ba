package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Settled another way (a credit note, a corrected invoice): final. */
public record ResolveBillingDiscrepancyCommand(@TargetAggregateIdentifier String discrepancyId, SupplierId supplierId,
                                              RetailerId retailerId, String actor, String reason, Instant at) {
}
