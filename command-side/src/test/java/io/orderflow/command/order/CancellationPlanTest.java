package io.orderflow.command.order;

import io.orderflow.command.order.CancellationPlan.SupplierCancellation;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.LinesNotCancellable;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.order.OrderTest.ORDER;
import static io.orderflow.command.order.OrderTest.RETAILER;
import static io.orderflow.command.order.OrderTest.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An order of four lines: L1 (qty 2) and L2 with supplier a, L3 with supplier b, L4 without a supplier order. */
class CancellationPlanTest {

    static final SupplierId A = new SupplierId("a");
    static final SupplierId B = new SupplierId("b");

    final Map<String, OrderLine> lines = new LinkedHashMap<>();
    final Map<String, Integer> cancelled = new HashMap<>();
    final List<Allocation> allocations = new ArrayList<>();
    final Allocation atA = allocation("o-1-1", A, "L1", "L2");
    final Allocation atB = allocation("o-1-2", B, "L3");

    CancellationPlanTest() {
        for (String id : List.of("L1", "L2", "L3", "L4")) {
            lines.put(id, new OrderLine(id, new Sku("SKU-" + id), id.equals("L1") ? 2 : 1,
                    new Money(BigDecimal.TEN, "EUR")));
        }
    }

    @Test
    void cancelsLinesWithoutASupplierOrderOrWithOneNotSentYetAtOnce() {
        var plan = plan(List.of(), "changed my mind");

        assertThat(plan.lineIds()).containsExactly("L1", "L2", "L3", "L4");
        assertThat(plan.cancelNow()).containsExactly("L4", "L1", "L2", "L3");
        assertThat(plan.askSuppliers()).isEmpty();
        assertThat(plan.reason()).isEqualTo("changed my mind");
    }

    @Test
    void asksTheSupplierOfAnOrderAlreadySentAndCancelsTheRestAtOnce() {
        atB.on(new SupplierOrderSubmittedEvent(ORDER, RETAILER, atB.id(), B, "PO-7", T));

        var plan = plan(List.of(new LineQuantity("L3", 1), new LineQuantity("L4", 0)), null);

        assertThat(plan.lineIds()).containsExactly("L3", "L4");
        assertThat(plan.cancelNow()).containsExactly("L4");
        assertThat(plan.askSuppliers()).containsExactly(new SupplierCancellation(atB.id(), B));
        assertThat(plan.reason()).isEqualTo(CancellationPlan.DEFAULT_REASON);
    }

    @Test
    void leavesOutLinesAlreadyCancelledOrWaitingForTheSuppliersAnswer() {
        cancelled.put("L4", 1);
        atB.on(new SupplierOrderSubmittedEvent(ORDER, RETAILER, atB.id(), B, "PO-7", T));
        atB.cancellationRequested("earlier request");

        var plan = plan(List.of(new LineQuantity("L3", 1), new LineQuantity("L4", 1)), " ");

        assertThat(plan.changesNothing()).isTrue();
        assertThat(plan.cancelNow()).isEmpty();
        assertThat(plan.askSuppliers()).isEmpty();
    }

    @Test
    void treatsTheLinesOfAFailedSupplierOrderAsHavingNone() {
        atB.on(new SupplierOrderRejectedEvent(ORDER, RETAILER, atB.id(), B, "out of stock", T));

        var plan = plan(List.of(new LineQuantity("L3", 1)), "r");

        assertThat(plan.cancelNow()).containsExactly("L3");
        assertThat(plan.askSuppliers()).isEmpty();
    }

    @Test
    void refusesShippedLines() {
        atA.on(new SupplierOrderSubmittedEvent(ORDER, RETAILER, atA.id(), A, "PO-1", T));
        var shipped = List.of(new LineQuantity("L2", 1));
        atA.on(new FulfillmentCreatedEvent(ORDER, RETAILER, atA.id(), A, "F1", shipped, null, T));
        atA.on(new ShipmentTrackedEvent(ORDER, RETAILER, atA.id(), A, "F1", shipped, "DHL", "123", null, T));

        assertThatThrownBy(() -> plan(List.of(), "r")).isInstanceOfSatisfying(LinesNotCancellable.class,
                e -> assertThat(e.lineIds()).containsExactly("L2"));
    }

    @Test
    void refusesPartOfASupplierOrder() {
        assertThatThrownBy(() -> plan(List.of(new LineQuantity("L1", 2)), "r"))
                .isInstanceOf(OrderRuleViolation.class)
                .hasMessage("line(s) L1 share supplier order o-1-1 with L2; cancel them together");
    }

    @Test
    void refusesPartOfALineAndALineTheOrderDoesNotHave() {
        assertThatThrownBy(() -> plan(List.of(new LineQuantity("L1", 1)), "r"))
                .isInstanceOf(OrderRuleViolation.class)
                .hasMessage("line L1: only whole lines can be cancelled (2 open, 1 asked)");
        assertThatThrownBy(() -> plan(List.of(new LineQuantity("L9", 1)), "r"))
                .isInstanceOf(OrderRuleViolation.class).hasMessage("the order has no line L9");
    }

    @Test
    void takesTheOpenRestOfAPartlyCancelledLineAsTheWholeLine() {
        cancelled.put("L1", 1);

        var plan = plan(List.of(new LineQuantity("L1", 1), new LineQuantity("L2", 1)), "r");

        assertThat(plan.lineIds()).containsExactly("L1", "L2");
        assertThat(plan.cancelNow()).containsExactly("L1", "L2");
    }

    private CancellationPlan plan(List<LineQuantity> wanted, String reason) {
        return CancellationPlan.of(new CancelOrderCommand(ORDER, RETAILER, wanted, reason, T), lines, cancelled,
                allocations);
    }

    private Allocation allocation(String id, SupplierId supplier, String... lineIds) {
        var allocated = new ArrayList<AllocatedLine>();
        for (String lineId : lineIds) {
            allocated.add(new AllocatedLine(lineId, new Sku("SKU-" + lineId), 1, "S-" + lineId, null, 1,
                    StockPositionId.of(supplier, "w1", "S-" + lineId), 1));
        }
        var allocation = new Allocation(new AllocationId(id), supplier, "w1", allocated);
        allocations.add(allocation);
        return allocation;
    }
}
