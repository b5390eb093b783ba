package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

@Revision("1")
public record SupplierInvoiceReceivedEvent(InvoiceId invoiceId, SupplierId supplierId, RetailerId retailerId,
                                           String receiptId, String invoiceNumber,
                                           Instant issuedAt, String currency, List<InvoiceLine> lines,
                                           BigDecimal shipping, BigDecimal tax, InvoiceSource source,
                                           Instant receivedAt) {

    public BigDecimal linesTotal() {
        return InvoiceLine.total(lines);
    }
}
