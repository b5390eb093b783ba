package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.FlagNotInvoicedCommand;
import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.MatchInvoiceLinesCommand;
import io.orderflow.coreapi.billing.SettlementId;
import io.orderflow.coreapi.billing.SupplierInvoiceMatchedEvent;
import io.orderflow.coreapi.shared.Money;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What was billed for one supplier order, by every invoice: so that the same lines billed twice, or more units than
 * the order allows over several invoices, are found however the invoices arrive. Its state is bounded by the order's
 * lines and the invoices that name it.
 */
@Aggregate
public class SupplierOrderSettlement {

    @AggregateIdentifier
    private SettlementId settlementId;
    private final Set<InvoiceId> invoices = new HashSet<>();
    private final Map<String, Integer> billedUnits = new HashMap<>();
    /** Each invoice's lines for this order, as (sku, quantity, price) sets: a second identical set is a duplicate. */
    private final Map<List<String>, String> lineSets = new HashMap<>();
    private boolean flaggedNotInvoiced;
    private int discrepancies;

    protected SupplierOrderSettlement() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(MatchInvoiceLinesCommand c) {
        if (invoices.contains(c.invoiceId())) {
            return;
        }
        var order = c.order();
        var billed = new Money(InvoiceLine.total(c.lines()), c.currency());
        String earlier = lineSets.get(lineSet(c.lines()));
        var before = billedBefore(c.lines());
        apply(new SupplierInvoiceMatchedEvent(c.settlementId(), c.invoiceId(), order.supplierId(), c.retailerId(),
                c.invoiceNumber(), order.orderId(), order.allocationId(), order.supplierOrderRef(), c.lines(), billed,
                c.at()));
        boolean comparable = order.currency() == null || order.currency().equals(c.currency());
        if (comparable && earlier != null) {
            found(c, DiscrepancyType.DUPLICATE_INVOICE, null, null, billed,
                    "the same lines as invoice " + earlier + " billed again");
            return;
        }
        for (var finding : InvoiceMatch.findings(order, c.currency(), c.lines(), before,
                c.priceTolerance(), c.deliveredOnly())) {
            found(c, finding.type(), finding.supplierSku(), finding.expected(), finding.billed(), finding.detail());
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(FlagNotInvoicedCommand c) {
        if (flaggedNotInvoiced || !invoices.isEmpty()) {
            return;
        }
        var order = c.order();
        apply(new BillingDiscrepancyFoundEvent(
                BillingDiscrepancyFoundEvent.idOf(c.settlementId().value(), String.valueOf(discrepancies + 1)),
                c.settlementId().value(), order.supplierId(), c.retailerId(), null, DiscrepancyType.NOT_INVOICED, order.supplierOrderRef(), null,
                new Money(order.expected(c.deliveredOnly()), order.currency()), null,
                "delivered " + order.deliveredAt() + " and not invoiced", c.at()));
    }

    private Map<String, Integer> billedBefore(List<InvoiceLine> lines) {
        var before = new HashMap<String, Integer>();
        lines.forEach(l -> before.put(l.supplierSku(), billedUnits.getOrDefault(l.supplierSku(), 0)));
        return before;
    }

    private void found(MatchInvoiceLinesCommand c, DiscrepancyType type, String sku, Money expected, Money billed,
                       String detail) {
        apply(new BillingDiscrepancyFoundEvent(
                BillingDiscrepancyFoundEvent.idOf(settlementId.value(), String.valueOf(discrepancies + 1)),
                settlementId.value(), c.order().supplierId(), c.retailerId(), c.invoiceNumber(), type, c.order().supplierOrderRef(), sku,
                expected, billed, detail, c.at()));
    }

    private static List<String> lineSet(List<InvoiceLine> lines) {
        var set = new ArrayList<String>();
        for (InvoiceLine line : lines) {
            set.add(line.supplierSku() + "|" + line.quantity() + "|" + line.unitPrice().stripTrailingZeros().toPlainString());
        }
        set.sort(null);
        return set;
    }

    @EventSourcingHandler
    void on(SupplierInvoiceMatchedEvent e) {
        settlementId = e.settlementId();
        invoices.add(e.invoiceId());
        lineSets.putIfAbsent(lineSet(e.lines()), e.invoiceNumber());
        e.lines().forEach(l -> billedUnits.merge(l.supplierSku(), l.quantity(), Integer::sum));
    }

    @EventSourcingHandler
    void on(BillingDiscrepancyFoundEvent e) {
        if (settlementId == null) {
            settlementId = new SettlementId(e.sourceId());
        }
        discrepancies++;
        if (e.type() == DiscrepancyType.NOT_INVOICED) {
            flaggedNotInvoiced = true;
        }
    }
}
