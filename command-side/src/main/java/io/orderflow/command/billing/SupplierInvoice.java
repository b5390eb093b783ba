package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.CheckInvoiceShippingCommand;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceRules;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;
import io.orderflow.coreapi.billing.RecordUnknownSupplierOrderCommand;
import io.orderflow.coreapi.billing.SupplierInvoiceCopyReceivedEvent;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One invoice number of one supplier. The first copy is the invoice; another copy under the same number (not a
 * redelivery of the same receipt) is a duplicate, whatever it holds. Its lines are matched per supplier order by the
 * settlements; a reference no order of ours has is recorded here.
 */
@Aggregate
public class SupplierInvoice {

    @AggregateIdentifier
    private InvoiceId invoiceId;
    private SupplierId supplierId;
    private RetailerId retailerId;
    private String invoiceNumber;
    private Money total;
    private final Set<String> receipts = new HashSet<>();
    private final Set<String> unknownOrders = new HashSet<>();
    private int copies;
    private BigDecimal shipping;
    private boolean shippingChecked;

    protected SupplierInvoice() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ReceiveSupplierInvoiceCommand c) {
        var problems = InvoiceRules.problems(c);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.getFirst().field() + " " + problems.getFirst().message());
        }
        if (receipts.contains(c.receiptId())) {
            return;
        }
        var received = new SupplierInvoiceReceivedEvent(c.invoiceId(), c.supplierId(), c.retailerId(), c.receiptId(),
                c.invoiceNumber(), c.issuedAt(), c.currency(), c.lines(), c.shipping(), c.tax(), c.source(),
                c.receivedAt());
        if (invoiceId == null) {
            apply(received);
            return;
        }
        apply(new SupplierInvoiceCopyReceivedEvent(invoiceId, supplierId, retailerId, c.receiptId(), c.source(),
                new Money(received.linesTotal(), c.currency()), c.receivedAt()));
        apply(new BillingDiscrepancyFoundEvent(
                BillingDiscrepancyFoundEvent.idOf(invoiceId.value(), "copy-" + copies), invoiceId.value(), supplierId,
                retailerId,
                invoiceNumber, DiscrepancyType.DUPLICATE_INVOICE, null, null, total,
                new Money(received.linesTotal(), c.currency()),
                "invoice " + invoiceNumber + " received again (" + c.source().name().toLowerCase() + ", receipt "
                        + c.receiptId() + "); only the first copy is matched", c.receivedAt()));
    }

    @CommandHandler
    public void handle(RecordUnknownSupplierOrderCommand c) {
        if (unknownOrders.contains(c.supplierOrderId())) {
            return;
        }
        apply(new BillingDiscrepancyFoundEvent(
                BillingDiscrepancyFoundEvent.idOf(invoiceId.value(), "unknown-" + c.supplierOrderId()),
                invoiceId.value(), supplierId, retailerId, invoiceNumber, DiscrepancyType.UNKNOWN_ORDER, c.supplierOrderId(), null, null,
                c.billed(), "no order of ours has the supplier's reference " + c.supplierOrderId(), c.at()));
    }

    /** Checked once, after the invoice's orders were matched: shipping billed against what the supplier agreed. */
    @CommandHandler
    public void handle(CheckInvoiceShippingCommand c) {
        if (shippingChecked) {
            return;
        }
        var billed = shipping == null ? BigDecimal.ZERO : shipping;
        if (billed.subtract(c.agreed().amount()).abs().compareTo(c.tolerance()) <= 0) {
            return;
        }
        apply(new BillingDiscrepancyFoundEvent(BillingDiscrepancyFoundEvent.idOf(invoiceId.value(), "shipping"),
                invoiceId.value(), supplierId, retailerId, invoiceNumber, DiscrepancyType.PRICE_MISMATCH, null,
                "shipping", c.agreed(), new Money(billed, total.currency()), "shipping " + billed.toPlainString()
                        + " billed, " + c.agreed().amount().toPlainString() + " agreed for " + c.orders()
                        + " supplier order(s)", c.at()));
    }

    @EventSourcingHandler
    void on(SupplierInvoiceReceivedEvent e) {
        invoiceId = e.invoiceId();
        supplierId = e.supplierId();
        retailerId = e.retailerId();
        invoiceNumber = e.invoiceNumber();
        total = new Money(e.linesTotal(), e.currency());
        receipts.add(e.receiptId());
        shipping = e.shipping();
    }

    @EventSourcingHandler
    void on(SupplierInvoiceCopyReceivedEvent e) {
        copies++;
        receipts.add(e.receiptId());
    }

    @EventSourcingHandler
    void on(BillingDiscrepancyFoundEvent e) {
        if (e.type() == DiscrepancyType.PRICE_MISMATCH && "shipping".equals(e.supplierSku())) {
            shippingChecked = true;
        } else if (e.type() == DiscrepancyType.UNKNOWN_ORDER) {
            unknownOrders.add(e.supplierOrderId());
        }
    }
}
