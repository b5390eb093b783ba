package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** receiptId names this copy (a webhook delivery, an upload): the same receipt again changes nothing. */
public record ReceiveSupplierInvoiceCommand(@TargetAggregateIdentifier InvoiceId invoiceId, SupplierId supplierId,
                                            RetailerId retailerId, String receiptId,
                                            String invoiceNumber, Instant issuedAt, String currency,
                                            List<InvoiceLine> lines, BigDecimal shipping, BigDecimal tax,
                                            InvoiceSource source, Instant receivedAt) {
}
