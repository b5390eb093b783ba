package io.orderflow.projection.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.BillingDiscrepancyReviewedEvent;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.SupplierInvoiceMatchedEvent;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What billing compares invoices with: each supplier order's lines in supplier units at the unit cost routing used,
 * what was cancelled and delivered of them, and what invoices billed; and the discrepancies found, with people's
 * decisions. Rows are keyed by the event's subject and set, not added to, where an event could repeat; the counters
 * move only inside the processor's transaction, with its token.
 */
@Component
@ProcessingGroup(BillingProjection.GROUP)
class BillingProjection {

    public static final String GROUP = "billing";

    private final JdbcTemplate jdbc;

    BillingProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SupplierSelectedEvent e, @org.axonframework.eventhandling.Timestamp Instant at) {
        String currency = e.lines().stream().map(AllocatedLine::unitCost).filter(c -> c != null)
                .map(Money::currency).findFirst().orElse(null);
        int inserted = jdbc.update("""
                INSERT INTO billing_supplier_order (allocation_id, order_id, retailer_id, supplier_id, currency,
                    selected_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (allocation_id) DO NOTHING""",
                e.allocationId().value(), e.orderId().value(), e.retailerId().value(), e.supplierId().value(),
                currency, Timestamp.from(at));
        if (inserted == 0) {
            return;
        }
        for (AllocatedLine line : e.lines()) {
            jdbc.update("""
                    INSERT INTO billing_order_line (allocation_id, line_id, order_id, supplier_sku, quantity,
                        supplier_units, unit_cost) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    e.allocationId().value(), line.lineId(), e.orderId().value(), line.supplierSku(), line.quantity(),
                    line.supplierUnits(), line.unitCost() == null ? null : line.unitCost().amount());
        }
    }

    @EventHandler
    void on(SupplierOrderSubmittedEvent e) {
        jdbc.update("UPDATE billing_supplier_order SET supplier_order_ref = ? WHERE allocation_id = ?",
                e.supplierOrderRef(), e.allocationId().value());
    }

    @EventHandler
    void on(SupplierOrderAcceptedEvent e) {
        jdbc.update("UPDATE billing_supplier_order SET accepted_at = COALESCE(accepted_at, ?) WHERE allocation_id = ?",
                Timestamp.from(e.acceptedAt()), e.allocationId().value());
    }

    @EventHandler
    void on(SupplierOrderRejectedEvent e) {
        withdraw(e.allocationId().value());
    }

    @EventHandler
    void on(SupplierOrderTimedOutEvent e) {
        withdraw(e.allocationId().value());
    }

    /** A cancelled line counts against the supplier order that holds it now: not one that rejected it before. */
    @EventHandler
    void on(OrderLinesCancelledEvent e) {
        for (LineQuantity line : e.lines()) {
            jdbc.update("""
                    UPDATE billing_order_line l
                    SET cancelled_units = LEAST(l.supplier_units,
                        l.cancelled_units + ? * (l.supplier_units / GREATEST(l.quantity, 1)))
                    FROM billing_supplier_order o
                    WHERE l.order_id = ? AND l.line_id = ? AND o.allocation_id = l.allocation_id AND NOT o.withdrawn""",
                    line.quantity(), e.orderId().value(), line.lineId());
        }
    }

    @EventHandler
    void on(ShipmentDeliveredEvent e) {
        for (LineQuantity line : e.lines()) {
            jdbc.update("""
                    UPDATE billing_order_line SET delivered_units = LEAST(supplier_units,
                        delivered_units + ? * (supplier_units / GREATEST(quantity, 1)))
                    WHERE allocation_id = ? AND line_id = ?""",
                    line.quantity(), e.allocationId().value(), line.lineId());
        }
        jdbc.update("UPDATE billing_supplier_order SET delivered_at = GREATEST(delivered_at, ?) WHERE allocation_id = ?",
                Timestamp.from(e.deliveredAt()), e.allocationId().value());
    }

    @EventHandler
    void on(SupplierInvoiceReceivedEvent e) {
        jdbc.update("""
                INSERT INTO billing_invoice (invoice_id, retailer_id, supplier_id, invoice_number, issued_at, currency,
                    lines_total, shipping, tax, source, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (invoice_id) DO NOTHING""",
                e.invoiceId().value(), e.retailerId().value(), e.supplierId().value(), e.invoiceNumber(),
                Timestamp.from(e.issuedAt()), e.currency(), e.linesTotal(), orZero(e.shipping()), orZero(e.tax()),
                e.source().name(), Timestamp.from(e.receivedAt()));
    }

    /** Billed in the order's currency adds up; another currency is a discrepancy of its own and is not added. */
    @EventHandler
    void on(SupplierInvoiceMatchedEvent e) {
        jdbc.update("""
                UPDATE billing_supplier_order
                SET billed_amount = billed_amount + CASE WHEN currency IS NULL OR currency = ? THEN ? ELSE 0 END,
                    invoice_numbers = array_append(invoice_numbers, ?)
                WHERE allocation_id = ? AND NOT (? = ANY (invoice_numbers))""",
                e.billed().currency(), e.billed().amount(), e.invoiceNumber(), e.allocationId().value(),
                e.invoiceNumber());
    }

    @EventHandler
    void on(BillingDiscrepancyFoundEvent e) {
        jdbc.update("""
                INSERT INTO billing_discrepancy (discrepancy_id, retailer_id, supplier_id, invoice_number, type,
                    supplier_order_id, supplier_sku, expected_amount, expected_currency, billed_amount, billed_currency,
                    detail, found_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (discrepancy_id) DO NOTHING""",
                e.discrepancyId(), e.retailerId().value(), e.supplierId().value(), e.invoiceNumber(), e.type().name(),
                e.supplierOrderId(), e.supplierSku(), amount(e.expected()), currency(e.expected()),
                amount(e.billed()), currency(e.billed()), e.detail(), Timestamp.from(e.foundAt()));
        if (e.type() == DiscrepancyType.NOT_INVOICED) {
            jdbc.update("UPDATE billing_supplier_order SET flagged_not_invoiced = true WHERE allocation_id = ?",
                    e.sourceId().substring(e.sourceId().indexOf(':') + 1));
        }
    }

    @EventHandler
    void on(BillingDiscrepancyReviewedEvent e) {
        jdbc.update("""
                UPDATE billing_discrepancy SET status = ?, reviewed_by = ?, review_reason = ?, reviewed_at = ?
                WHERE discrepancy_id = ?""",
                e.status().name(), e.actor(), e.reason(), Timestamp.from(e.at()), e.discrepancyId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM billing_order_line");
        jdbc.update("DELETE FROM billing_supplier_order");
        jdbc.update("DELETE FROM billing_invoice");
        jdbc.update("DELETE FROM billing_discrepancy");
    }

    private void withdraw(String allocationId) {
        jdbc.update("UPDATE billing_supplier_order SET withdrawn = true WHERE allocation_id = ?", allocationId);
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }

    private static BigDecimal amount(Money money) {
        return money == null ? null : money.amount();
    }

    private static String currency(Money money) {
        return money == null ? null : money.currency();
    }
}
