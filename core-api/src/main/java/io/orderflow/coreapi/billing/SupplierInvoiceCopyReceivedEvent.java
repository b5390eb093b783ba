package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.serialization.Revision;

/** Another copy of an invoice number we hold already: kept for the record, never matched. */
@Revision("1")
public record SupplierInvoiceCopyReceivedEvent(InvoiceId invoiceId, SupplierId supplierId, RetailerId retailerId,
                                               String receiptId, InvoiceSource source, Money total, Instant receivedAt) {
}
