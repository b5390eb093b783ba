package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockPositionId;
import io.orderflow.projection.orderview.OrderDocument.AllocationState;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDocumentTest {

    OrderDocument doc;

    @BeforeEach
    void placed() {
        doc = OrderDocument.placed("o-1", "r", "ext", List.of(
                new OrderLine("L1", new Sku("A"), 2, new Money(BigDecimal.ONE, "EUR")),
                new OrderLine("L2", new Sku("B"), 1, new Money(BigDecimal.ONE, "EUR"))), null);
        doc.routingStarted();
        var supplier = new SupplierId("s");
        doc.allocate("o-1-1", "s", "loc", List.of(
                new AllocatedLine("L1", new Sku("A"), 2, "SA", null, 2, StockPositionId.of(supplier, "loc", "SA"), 1),
                new AllocatedLine("L2", new Sku("B"), 1, "SB", null, 1, StockPositionId.of(supplier, "loc", "SB"), 1)));
        doc.advanceAllocation("o-1-1", AllocationState.ACCEPTED);
        doc.deriveStatuses();
    }

    @Test
    void canShowAnAcceptedOrder() {
        assertThat(doc.status).isEqualTo("ACCEPTED");
        assertThat(doc.lines).allSatisfy(l -> assertThat(l.status).isEqualTo("ACCEPTED"));
    }

    @Test
    void canShowAPartlyShippedOrderAsInFulfillmentWithPerLineStates() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.track("F1", "DHL", "123", "https://t/123", java.time.Instant.parse("2026-01-01T00:00:00Z"));
        doc.deriveStatuses();

        assertThat(doc.status).isEqualTo("IN_FULFILLMENT");
        assertThat(doc.lines.get(0).status).isEqualTo("SHIPPED");
        assertThat(doc.lines.get(1).status).isEqualTo("ACCEPTED");
    }

    @Test
    void canShowDeliveredOnlyWhenEveryLineIsDelivered() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.fulfil("o-1-1", "F2", List.of(new LineQuantity("L2", 1)));
        doc.deliver("F1", java.time.Instant.parse("2026-01-02T00:00:00Z"));
        doc.deriveStatuses();
        assertThat(doc.status).isEqualTo("IN_FULFILLMENT");

        doc.deliver("F2", java.time.Instant.parse("2026-01-02T00:00:00Z"));
        doc.deriveStatuses();
        assertThat(doc.status).isEqualTo("DELIVERED");
        assertThat(doc.lines).allSatisfy(l -> assertThat(l.delivered).isEqualTo(l.quantity));
    }

    @Test
    void cannotMoveAnAllocationBackwards() {
        doc.advanceAllocation("o-1-1", AllocationState.SUBMITTED);
        doc.deriveStatuses();
        assertThat(doc.allocation("o-1-1").status).isEqualTo("ACCEPTED");
    }

    @Test
    void canShowOnHoldUntilDelivered() {
        doc.onHold = true;
        doc.deriveStatuses();
        assertThat(doc.status).isEqualTo("ON_HOLD");
    }
}
