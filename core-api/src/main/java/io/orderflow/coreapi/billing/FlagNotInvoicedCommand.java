package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The order was delivered and nothing billed for it in the configured number of days. */
public record FlagNotInvoicedCommand(@TargetAggregateIdentifier SettlementId settlementId, RetailerId retailerId,
                                     BillableSupplierOrder order,
                                     boolean deliveredOnly, Instant at) {
}
