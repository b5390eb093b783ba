package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.CheckInvoiceShippingCommand;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.InvoiceSource;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;
import io.orderflow.coreapi.billing.RecordUnknownSupplierOrderCommand;
import io.orderflow.coreapi.billing.SupplierInvoiceCopyReceivedEvent;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SupplierInvoiceTest {

    static final SupplierId SUPPLIER = new SupplierId("s1");
    static final RetailerId RETAILER = new RetailerId("r1");
    static final InvoiceId ID = InvoiceId.of(SUPPLIER, "INV-1");
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");
    static final List<InvoiceLine> LINES = List.of(new InvoiceLine("SUP-1", "A", 2, new BigDecimal("4.50")));

    FixtureConfiguration<SupplierInvoice> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupplierInvoice.class);
    }

    static ReceiveSupplierInvoiceCommand receive(String receipt, List<InvoiceLine> lines) {
        return new ReceiveSupplierInvoiceCommand(ID, SUPPLIER, RETAILER, receipt, "INV-1", AT, "EUR", lines,
                BigDecimal.ONE, BigDecimal.ZERO, InvoiceSource.UPLOAD, AT);
    }

    static SupplierInvoiceReceivedEvent received(String receipt) {
        return new SupplierInvoiceReceivedEvent(ID, SUPPLIER, RETAILER, receipt, "INV-1", AT, "EUR", LINES,
                BigDecimal.ONE, BigDecimal.ZERO, InvoiceSource.UPLOAD, AT);
    }

    @Test
    void canReceiveAnInvoice() {
        fixture.givenNoPriorActivity().when(receive("r-1", LINES)).expectEvents(received("r-1"));
    }

    @Test
    void canIgnoreTheSameReceiptAgain() {
        fixture.given(received("r-1")).when(receive("r-1", LINES)).expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    void canFindAnotherCopyOfTheSameNumber() {
        var other = List.of(new InvoiceLine("SUP-1", "A", 3, new BigDecimal("4.50")));
        fixture.given(received("r-1"))
                .when(receive("r-2", other))
                .expectEvents(new SupplierInvoiceCopyReceivedEvent(ID, SUPPLIER, RETAILER, "r-2", InvoiceSource.UPLOAD,
                                new Money(new BigDecimal("13.50"), "EUR"), AT),
                        new BillingDiscrepancyFoundEvent(
                                BillingDiscrepancyFoundEvent.idOf(ID.value(), "copy-1"), ID.value(), SUPPLIER, RETAILER, "INV-1",
                                DiscrepancyType.DUPLICATE_INVOICE, null, null, new Money(new BigDecimal("9.00"), "EUR"),
                                new Money(new BigDecimal("13.50"), "EUR"),
                                "invoice INV-1 received again (upload, receipt r-2); only the first copy is matched", AT));
        fixture.given(received("r-1"), new SupplierInvoiceCopyReceivedEvent(ID, SUPPLIER, RETAILER, "r-2",
                        InvoiceSource.UPLOAD, new Money(new BigDecimal("13.50"), "EUR"), AT))
                .when(receive("r-2", other)).expectNoEvents();
    }

    @Test
    void canHoldShippingToTheAgreedTermsOnce() {
        var agreed = new Money(new BigDecimal("0.50"), "EUR");
        var found = new BillingDiscrepancyFoundEvent(BillingDiscrepancyFoundEvent.idOf(ID.value(), "shipping"),
                ID.value(), SUPPLIER, RETAILER, "INV-1", DiscrepancyType.PRICE_MISMATCH, null, "shipping", agreed,
                new Money(BigDecimal.ONE, "EUR"), "shipping 1 billed, 0.50 agreed for 1 supplier order(s)", AT);
        fixture.given(received("r-1"))
                .when(new CheckInvoiceShippingCommand(ID, agreed, 1, new BigDecimal("0.01"), AT))
                .expectEvents(found);
        fixture.given(received("r-1"), found)
                .when(new CheckInvoiceShippingCommand(ID, agreed, 1, new BigDecimal("0.01"), AT))
                .expectNoEvents();
        fixture.given(received("r-1"))
                .when(new CheckInvoiceShippingCommand(ID, new Money(new BigDecimal("1.005"), "EUR"), 1,
                        new BigDecimal("0.01"), AT))
                .expectNoEvents();
    }

    @Test
    void cannotReceiveAnInvoiceWithoutLines() {
        fixture.givenNoPriorActivity().when(receive("r-1", List.of())).expectException(IllegalArgumentException.class);
    }

    @Test
    void canRecordAnUnknownOrderOnce() {
        var billed = new Money(new BigDecimal("9.00"), "EUR");
        var found = new BillingDiscrepancyFoundEvent(
                BillingDiscrepancyFoundEvent.idOf(ID.value(), "unknown-NOPE"), ID.value(), SUPPLIER, RETAILER, "INV-1",
                DiscrepancyType.UNKNOWN_ORDER, "NOPE", null, null, billed,
                "no order of ours has the supplier's reference NOPE", AT);
        fixture.given(received("r-1"))
                .when(new RecordUnknownSupplierOrderCommand(ID, "NOPE", billed, AT))
                .expectEvents(found);
        fixture.given(received("r-1"), found)
                .when(new RecordUnknownSupplierOrderCommand(ID, "NOPE", billed, AT))
                .expectNoEvents();
    }
}
