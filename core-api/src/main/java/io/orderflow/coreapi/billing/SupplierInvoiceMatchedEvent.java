package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** billed: what these lines charge for the supplier order; the lines as the invoice gave them. */
@Revision("1")
public record SupplierInvoiceMatchedEvent(SettlementId settlementId, InvoiceId invoiceId, SupplierId supplierId,
                                          RetailerId retailerId,
                                          String invoiceNumber, OrderId orderId, AllocationId allocationId,
                                          String supplierOrderId, List<InvoiceLine> lines, Money billed, Instant at) {
}
