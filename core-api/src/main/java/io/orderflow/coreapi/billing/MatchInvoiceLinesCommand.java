package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * An invoice's lines for one supplier order, with what the order says may be billed; the settlement keeps what was
 * billed before. priceTolerance is per unit, in the order's currency; deliveredOnly is the supplier's billing rule.
 */
public record MatchInvoiceLinesCommand(@TargetAggregateIdentifier SettlementId settlementId, InvoiceId invoiceId,
                                       RetailerId retailerId,
                                       String invoiceNumber, String currency, List<InvoiceLine> lines,
                                       BillableSupplierOrder order, BigDecimal priceTolerance, boolean deliveredOnly,
                                       Instant at) {
}
