package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.Money;

import java.math.BigDecimal;
import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The supplier's agreed shipping for the supplier orders this invoice bills (a flat charge per order). */
public record CheckInvoiceShippingCommand(@TargetAggregateIdentifier InvoiceId invoiceId, Money agreed, int orders,
                                          BigDecimal tolerance, Instant at) {
}
