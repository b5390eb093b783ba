package io.orderflow.projection.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.BillingDiscrepancyReviewedEvent;
import io.orderflow.coreapi.billing.DiscrepancyStatus;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.SettlementId;
import io.orderflow.coreapi.billing.SupplierInvoiceMatchedEvent;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.projection.RecordingJdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillingProjectionTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final AllocationId ALLOCATION = new AllocationId("o-1-1");
    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

    final RecordingJdbc jdbc = new RecordingJdbc();
    final BillingProjection projection = new BillingProjection(jdbc);

    static SupplierSelectedEvent selected() {
        return new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "main", List.of(
                new AllocatedLine("L1", new Sku("MUG"), 2, "S-MUG", null, 12, StockPositionId.of(SUPPLIER, "main",
                        "S-MUG"), 4, new Money(new BigDecimal("1.25"), "EUR"))), null, null, "1");
    }

    @Test
    void canRecordASupplierOrdersLinesAtTheRoutedCost() {
        projection.on(selected(), T0);

        assertThat(jdbc.only("INSERT INTO billing_supplier_order").args())
                .containsExactly("o-1-1", "o-1", "r", "s-1", "EUR", java.sql.Timestamp.from(T0));
        assertThat(jdbc.only("INSERT INTO billing_order_line").args())
                .containsExactly("o-1-1", "L1", "o-1", "S-MUG", 2, 12, new BigDecimal("1.25"));
    }

    @Test
    void canIgnoreTheSameSelectionAgain() {
        jdbc.updateCount(s -> 0);
        projection.on(selected(), T0);

        assertThat(jdbc.statements("billing_order_line")).isEmpty();
    }

    /** A cancellation counts against the supplier order that holds the line now, not one that gave it up. */
    @Test
    void canCountCancelledUnitsAgainstTheCurrentHolder() {
        projection.on(new OrderLinesCancelledEvent(ORDER, RETAILER, List.of(new LineQuantity("L1", 1)), "customer", T0));

        var update = jdbc.only("UPDATE billing_order_line l");
        assertThat(update.sql()).contains("NOT o.withdrawn");
        assertThat(update.args()).containsExactly(1, "o-1", "L1");
    }

    @Test
    void canAddWhatAnInvoiceBilledOnce() {
        projection.on(new SupplierInvoiceMatchedEvent(SettlementId.of(ALLOCATION), InvoiceId.of(SUPPLIER, "INV-1"),
                SUPPLIER, RETAILER, "INV-1", ORDER, ALLOCATION, "PO-1",
                List.of(new InvoiceLine("PO-1", "S-MUG", 12, new BigDecimal("1.25"))),
                new Money(new BigDecimal("15.00"), "EUR"), T0));

        var update = jdbc.only("UPDATE billing_supplier_order");
        assertThat(update.sql()).contains("NOT (? = ANY (invoice_numbers))");
        assertThat(update.args()).containsExactly("EUR", new BigDecimal("15.00"), "INV-1", "o-1-1", "INV-1");
    }

    @Test
    void canListAFoundDiscrepancyAndFlagADeliveryNobodyInvoiced() {
        String settlement = SettlementId.of(ALLOCATION).value();
        projection.on(new BillingDiscrepancyFoundEvent(BillingDiscrepancyFoundEvent.idOf(settlement, "1"), settlement,
                SUPPLIER, RETAILER, null, DiscrepancyType.NOT_INVOICED, "PO-1", null,
                new Money(new BigDecimal("15.00"), "EUR"), null, "delivered and not invoiced", T0));

        var insert = jdbc.only("INSERT INTO billing_discrepancy");
        assertThat(insert.args()).contains("NOT_INVOICED", "PO-1", new BigDecimal("15.00"), "EUR");
        assertThat(jdbc.only("SET flagged_not_invoiced = true").args()).containsExactly("o-1-1");
    }

    @Test
    void canRecordADecision() {
        projection.on(new BillingDiscrepancyReviewedEvent("d-1", SUPPLIER, RETAILER, DiscrepancyStatus.DISPUTED,
                DiscrepancyStatus.OPEN, "ops", "price list of 1 November", T0));

        assertThat(jdbc.only("UPDATE billing_discrepancy").args())
                .containsExactly("DISPUTED", "ops", "price list of 1 November", java.sql.Timestamp.from(T0), "d-1");
    }
}
