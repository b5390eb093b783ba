package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillableLine;
import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.shared.Money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison of one invoice's lines for one supplier order with what that order allows: pure, so that the
 * settlement decides and this is tested on its own. {@code billedBefore}: supplier units of each SKU billed by
 * earlier invoices.
 */
final class InvoiceMatch {

    record Finding(DiscrepancyType type, String supplierSku, Money expected, Money billed, String detail) {
    }

    private InvoiceMatch() {
    }

    static List<Finding> findings(BillableSupplierOrder order, String currency, List<InvoiceLine> lines,
                                  Map<String, Integer> billedBefore, BigDecimal tolerance, boolean deliveredOnly) {
        var findings = new ArrayList<Finding>();
        BigDecimal billedTotal = InvoiceLine.total(lines);
        if (order.currency() != null && !currency.equals(order.currency())) {
            findings.add(new Finding(DiscrepancyType.CURRENCY_MISMATCH, null,
                    new Money(order.expected(deliveredOnly), order.currency()), new Money(billedTotal, currency),
                    "billed in " + currency + ", the agreed prices are in " + order.currency()));
            return findings;
        }
        Map<String, Integer> units = new LinkedHashMap<>();
        Map<String, BigDecimal> amounts = new LinkedHashMap<>();
        for (InvoiceLine line : lines) {
            units.merge(line.supplierSku(), line.quantity(), Integer::sum);
            amounts.merge(line.supplierSku(), line.amount(), BigDecimal::add);
            BillableLine agreed = order.line(line.supplierSku());
            if (agreed != null && agreed.unitCost() != null
                    && line.unitPrice().subtract(agreed.unitCost()).abs().compareTo(tolerance) > 0) {
                findings.add(new Finding(DiscrepancyType.PRICE_MISMATCH, line.supplierSku(),
                        money(agreed.unitCost().multiply(BigDecimal.valueOf(line.quantity())), currency),
                        money(line.amount(), currency),
                        line.quantity() + " × " + line.unitPrice().toPlainString() + " billed, the agreed unit price is "
                                + agreed.unitCost().toPlainString()));
            }
        }
        for (var entry : units.entrySet()) {
            String sku = entry.getKey();
            int billedNow = entry.getValue();
            BillableLine agreed = order.line(sku);
            Money billed = money(amounts.get(sku), currency);
            if (agreed == null) {
                findings.add(new Finding(DiscrepancyType.QUANTITY_OVER_DELIVERED, sku, money(BigDecimal.ZERO, currency),
                        billed, billedNow + " units of " + sku + " billed; the order has none"));
                continue;
            }
            int before = billedBefore.getOrDefault(sku, 0);
            int billable = agreed.billableUnits(order.accepted(), deliveredOnly);
            int over = before + billedNow - Math.max(billable, before);
            if (over <= 0) {
                continue;
            }
            int allowedNow = Math.max(0, billable - before);
            Money expected = agreed.unitCost() == null ? null
                    : money(agreed.unitCost().multiply(BigDecimal.valueOf(allowedNow)), currency);
            int withdrawn = order.rejected() ? agreed.orderedUnits() : agreed.cancelledUnits();
            int received = deliveredOnly ? agreed.deliveredUnits() : agreed.orderedUnits();
            boolean ofCancelledUnits = withdrawn > 0 && before + billedNow <= Math.max(received, agreed.orderedUnits());
            if (ofCancelledUnits) {
                findings.add(new Finding(DiscrepancyType.BILLED_CANCELLED, sku, expected, billed,
                        over + " units of " + sku + " billed that were " + (order.rejected() ? "rejected" : "cancelled")
                                + " (" + billable + " billable, " + (before + billedNow) + " billed in all)"));
            } else {
                findings.add(new Finding(DiscrepancyType.QUANTITY_OVER_DELIVERED, sku, expected, billed,
                        over + " units of " + sku + " more than " + (deliveredOnly ? "delivered" : "accepted") + " ("
                                + billable + " billable, " + (before + billedNow) + " billed in all)"));
            }
        }
        return findings;
    }

    private static Money money(BigDecimal amount, String currency) {
        return new Money(amount, currency);
    }
}
