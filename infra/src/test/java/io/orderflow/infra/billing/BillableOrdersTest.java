package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.BillableLine;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillableOrdersTest {

    static final OrderId ORDER = new OrderId("o1");
    static final RetailerId RETAILER = new RetailerId("r1");
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    static SupplierSelectedEvent selected(String allocation, String supplier, String... lineIds) {
        var lines = java.util.Arrays.stream(lineIds).map(id -> new AllocatedLine(id, new Sku("SKU-" + id), 2,
                "S-" + id, null, 12, StockPositionId.of(new SupplierId(supplier), "main", "S-" + id), 3,
                new Money(new BigDecimal("1.25"), "EUR"))).toList();
        return new SupplierSelectedEvent(ORDER, RETAILER, new AllocationId(allocation), new SupplierId(supplier), "main",
                lines, null, null, "1");
    }

    @Test
    void foldsOneSupplierOrderFromItsOrdersHistory() {
        var history = List.<Object>of(
                selected("o1-1", "a", "L1", "L2"),
                new SupplierOrderSubmittedEvent(ORDER, RETAILER, new AllocationId("o1-1"), new SupplierId("a"), "PO-1", AT),
                new SupplierOrderRejectedEvent(ORDER, RETAILER, new AllocationId("o1-1"), new SupplierId("a"), "none", AT),
                selected("o1-2", "b", "L1", "L2"),
                new SupplierOrderSubmittedEvent(ORDER, RETAILER, new AllocationId("o1-2"), new SupplierId("b"), "PO-9", AT),
                new SupplierOrderAcceptedEvent(ORDER, RETAILER, new AllocationId("o1-2"), new SupplierId("b"), AT),
                // one of two items of L2, six-packs: 6 supplier units
                new OrderLinesCancelledEvent(ORDER, RETAILER, List.of(new LineQuantity("L2", 1)), "customer", AT),
                new ShipmentDeliveredEvent(ORDER, RETAILER, new AllocationId("o1-2"), new SupplierId("b"), "F-1",
                        List.of(new LineQuantity("L1", 2)), AT.plusSeconds(60)));

        var second = BillableOrders.of(history, "o1-2").orElseThrow();
        assertThat(second.supplierOrderRef()).isEqualTo("PO-9");
        assertThat(second.accepted()).isTrue();
        assertThat(second.rejected()).isFalse();
        assertThat(second.currency()).isEqualTo("EUR");
        assertThat(second.deliveredAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(second.lines()).containsExactly(
                new BillableLine("S-L1", 12, 0, 12, new BigDecimal("1.25")),
                new BillableLine("S-L2", 12, 6, 0, new BigDecimal("1.25")));
        assertThat(second.expected(false)).isEqualByComparingTo("22.50");
        assertThat(second.expected(true)).isEqualByComparingTo("15.00");

        // the cancellation came after the lines moved on: the rejected order keeps none of it
        var first = BillableOrders.of(history, "o1-1").orElseThrow();
        assertThat(first.rejected()).isTrue();
        assertThat(first.accepted()).isFalse();
        assertThat(first.lines()).allSatisfy(l -> assertThat(l.cancelledUnits()).isZero());
        assertThat(BillableOrders.of(history, "o1-3")).isEmpty();
    }
}
