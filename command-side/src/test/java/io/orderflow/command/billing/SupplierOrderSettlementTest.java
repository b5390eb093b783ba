package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillableLine;
import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.BillingDiscrepancyFoundEvent;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.FlagNotInvoicedCommand;
import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.MatchInvoiceLinesCommand;
import io.orderflow.coreapi.billing.SettlementId;
import io.orderflow.coreapi.billing.SupplierInvoiceMatchedEvent;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
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

import static org.assertj.core.api.Assertions.assertThat;

class SupplierOrderSettlementTest {

    static final SupplierId SUPPLIER = new SupplierId("s1");
    static final RetailerId RETAILER = new RetailerId("r1");
    static final AllocationId ALLOCATION = new AllocationId("o1-1");
    static final SettlementId SETTLEMENT = SettlementId.of(ALLOCATION);
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");
    static final BigDecimal TOLERANCE = new BigDecimal("0.01");

    FixtureConfiguration<SupplierOrderSettlement> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SupplierOrderSettlement.class);
    }

    /** 10 units of A at 4.50 ordered, 2 cancelled, 8 delivered; 3 of B at 10.00, all delivered. */
    static BillableSupplierOrder order(boolean accepted, boolean rejected) {
        return new BillableSupplierOrder(new OrderId("o1"), ALLOCATION, SUPPLIER, RETAILER, "SUP-1", "EUR", accepted, rejected,
                AT.minusSeconds(3600), List.of(new BillableLine("A", 10, 2, 8, new BigDecimal("4.50")),
                new BillableLine("B", 3, 0, 3, new BigDecimal("10.00"))));
    }

    static MatchInvoiceLinesCommand match(String number, String currency, BillableSupplierOrder order,
                                          boolean deliveredOnly, InvoiceLine... lines) {
        return new MatchInvoiceLinesCommand(SETTLEMENT, InvoiceId.of(SUPPLIER, number), RETAILER, number, currency,
                List.of(lines), order, TOLERANCE, deliveredOnly, AT);
    }

    static InvoiceLine line(String sku, int quantity, String price) {
        return new InvoiceLine("SUP-1", sku, quantity, new BigDecimal(price));
    }

    static SupplierInvoiceMatchedEvent matched(String number, InvoiceLine... lines) {
        return new SupplierInvoiceMatchedEvent(SETTLEMENT, InvoiceId.of(SUPPLIER, number), SUPPLIER, RETAILER, number,
                new OrderId("o1"), ALLOCATION, "SUP-1", List.of(lines),
                new Money(InvoiceLine.total(List.of(lines)), "EUR"), AT);
    }

    @Test
    void canMatchAnInvoiceThatBillsWhatWasAgreed() {
        fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(true, false), false, line("A", 8, "4.50"), line("B", 3, "10.00")))
                .expectEvents(matched("INV-1", line("A", 8, "4.50"), line("B", 3, "10.00")));
    }

    @Test
    void canToleratePriceDifferencesWithinTheTolerance() {
        assertThat(found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(true, false), false, line("A", 8, "4.505"))))).isEmpty();
    }

    @Test
    void canFindAPriceMismatch() {
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(true, false), false, line("A", 8, "4.95"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.PRICE_MISMATCH);
        assertThat(found.getFirst().expected()).isEqualTo(new Money(new BigDecimal("36.00"), "EUR"));
        assertThat(found.getFirst().billed()).isEqualTo(new Money(new BigDecimal("39.60"), "EUR"));
        assertThat(found.getFirst().discrepancyId())
                .isEqualTo(BillingDiscrepancyFoundEvent.idOf(SETTLEMENT.value(), "1"));
        assertThat(found.getFirst().sourceId()).isEqualTo(SETTLEMENT.value());
    }

    @Test
    void canFindCancelledUnitsBilled() {
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(true, false), false, line("A", 10, "4.50"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.BILLED_CANCELLED);
        assertThat(found.getFirst().expected()).isEqualTo(new Money(new BigDecimal("36.00"), "EUR"));
    }

    @Test
    void canFindRejectedOrdersBilled() {
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(false, true), false, line("B", 3, "10.00"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.BILLED_CANCELLED);
    }

    @Test
    void canFindMoreBilledThanWasOrdered() {
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", order(true, false), false, line("B", 5, "10.00"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type)
                .containsExactly(DiscrepancyType.QUANTITY_OVER_DELIVERED);
    }

    @Test
    void canHoldSuppliersWhoBillOnDeliveryToWhatWasDelivered() {
        var undelivered = new BillableSupplierOrder(new OrderId("o1"), ALLOCATION, SUPPLIER, RETAILER, "SUP-1", "EUR", true,
                false, null, List.of(new BillableLine("B", 3, 0, 1, new BigDecimal("10.00"))));
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "EUR", undelivered, true, line("B", 3, "10.00"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type)
                .containsExactly(DiscrepancyType.QUANTITY_OVER_DELIVERED);
        assertThat(found.getFirst().expected()).isEqualTo(new Money(new BigDecimal("10.00"), "EUR"));
    }

    @Test
    void canAddUpUnitsOverSeveralInvoices() {
        var found = found(fixture.given(matched("INV-1", line("A", 5, "4.50")))
                .when(match("INV-2", "EUR", order(true, false), false, line("A", 5, "4.50"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.DUPLICATE_INVOICE);
        var more = found(fixture.given(matched("INV-1", line("A", 5, "4.50")))
                .when(match("INV-2", "EUR", order(true, false), false, line("A", 4, "4.50"))));
        assertThat(more).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.BILLED_CANCELLED);
        var fine = found(fixture.given(matched("INV-1", line("A", 5, "4.50")))
                .when(match("INV-2", "EUR", order(true, false), false, line("A", 3, "4.50"))));
        assertThat(fine).isEmpty();
    }

    @Test
    void canFindAnotherCurrency() {
        var found = found(fixture.givenNoPriorActivity()
                .when(match("INV-1", "USD", order(true, false), false, line("A", 8, "4.50"))));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type)
                .containsExactly(DiscrepancyType.CURRENCY_MISMATCH);
    }

    @Test
    void canIgnoreTheSameInvoiceMatchedAgain() {
        fixture.given(matched("INV-1", line("A", 8, "4.50")))
                .when(match("INV-1", "EUR", order(true, false), false, line("A", 8, "4.50")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void canFlagADeliveryNobodyInvoicedOnce() {
        var flag = new FlagNotInvoicedCommand(SETTLEMENT, RETAILER, order(true, false), false, AT);
        var found = found(fixture.givenNoPriorActivity().when(flag));
        assertThat(found).extracting(BillingDiscrepancyFoundEvent::type).containsExactly(DiscrepancyType.NOT_INVOICED);
        assertThat(found.getFirst().expected()).isEqualTo(new Money(new BigDecimal("66.00"), "EUR"));
        fixture.given(found.getFirst()).when(flag).expectNoEvents();
        fixture.given(matched("INV-1", line("A", 8, "4.50"))).when(flag).expectNoEvents();
    }

    private static List<BillingDiscrepancyFoundEvent> found(org.axonframework.test.aggregate.ResultValidator<?> result) {
        var events = new java.util.ArrayList<BillingDiscrepancyFoundEvent>();
        result.expectSuccessfulHandlerExecution().expectEventsMatching(
                org.axonframework.test.matchers.Matchers.payloadsMatching(
                        new org.hamcrest.BaseMatcher<List<?>>() {
                            @Override
                            public boolean matches(Object actual) {
                                for (Object o : (List<?>) actual) {
                                    if (o instanceof BillingDiscrepancyFoundEvent f) {
                                        events.add(f);
                                    }
                                }
                                return true;
                            }

                            @Override
                            public void describeTo(org.hamcrest.Description description) {
                                description.appendText("any events");
                            }
                        }));
        return events;
    }
}
