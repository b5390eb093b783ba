package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.Money;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Matching found no supplier order of ours under this reference. */
public record RecordUnknownSupplierOrderCommand(@TargetAggregateIdentifier InvoiceId invoiceId, String supplierOrderId,
                                                Money billed, Instant at) {
}
