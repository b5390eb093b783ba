package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.projection.orderview.OrderDocument.AllocationState;

import io.orderflow.coreapi.order.ShipmentStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDocumentTest {

    static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");

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
    @Test
    void canShowRoutingAndThenBackorderedBeforeAnySupplierIsChosen() {
        var fresh = fresh();
        fresh.deriveStatuses();
        assertThat(fresh.status).isEqualTo("PLACED");

        fresh.routingStarted();
        fresh.deriveStatuses();
        assertThat(fresh.status).isEqualTo("ROUTING");

        fresh.backorder(List.of("L2"));
        fresh.deriveStatuses();
        assertThat(fresh.lines.get(1).status).isEqualTo("BACKORDERED");
        assertThat(fresh.status).isEqualTo("BACKORDERED");
    }

    @Test
    void canShowAwaitingSupplierUntilTheSupplierAccepts() {
        var fresh = fresh();
        fresh.routingStarted();
        fresh.backorder(List.of("L1"));
        fresh.allocate("a", "s", "loc", List.of(allocated("L1", 2), allocated("L2", 1)));
        fresh.advanceAllocation("a", AllocationState.SUBMITTED);
        fresh.deriveStatuses();

        assertThat(fresh.lines.get(0).backordered).isFalse();
        assertThat(fresh.status).isEqualTo("AWAITING_SUPPLIER");
        assertThat(fresh.allocation("a").status).isEqualTo("SUBMITTED");
    }

    @Test
    void canGiveAFailedAllocationsLinesBackToRouting() {
        doc.failAllocation("o-1-1", AllocationState.REJECTED, "out of stock");
        doc.deriveStatuses();

        assertThat(doc.allocation("o-1-1").status).isEqualTo("REJECTED");
        assertThat(doc.allocation("o-1-1").failureReason).isEqualTo("out of stock");
        assertThat(doc.lines).allSatisfy(l -> {
            assertThat(l.status).isEqualTo("ROUTING");
            assertThat(l.allocationId).isNull();
            assertThat(l.supplierId).isNull();
        });
        assertThat(doc.status).isEqualTo("ROUTING");
    }

    @Test
    void canIgnoreTheFailureOfAnAllocationItDoesNotKnow() {
        doc.failAllocation("unknown", AllocationState.REJECTED, "x");
        doc.deriveStatuses();
        assertThat(doc.status).isEqualTo("ACCEPTED");
    }

    @Test
    void canCancelOneLineAndKeepTheOrderByItsOtherLines() {
        doc.cancel(List.of(new LineQuantity("L2", 1)));
        doc.deriveStatuses();

        assertThat(doc.lines.get(1).status).isEqualTo("CANCELLED");
        assertThat(doc.status).isEqualTo("ACCEPTED");
        assertThat(doc.allocation("o-1-1").status).isEqualTo("ACCEPTED");
    }

    @Test
    void canCancelEveryLineAndWithThemTheirLiveAllocation() {
        doc.cancel(List.of(new LineQuantity("L1", 1)));
        doc.deriveStatuses();
        assertThat(doc.lines.get(0).status).isEqualTo("ACCEPTED");

        doc.cancel(List.of(new LineQuantity("L1", 1), new LineQuantity("L2", 1)));
        doc.deriveStatuses();
        assertThat(doc.status).isEqualTo("CANCELLED");
        assertThat(doc.allocation("o-1-1").status).isEqualTo("CANCELLED");
    }

    @Test
    void cannotCancelAnAllocationThatHadAlreadyFailed() {
        var fresh = fresh();
        fresh.allocate("a", "s", "loc", List.of(allocated("L1", 2)));
        fresh.advanceAllocation("a", AllocationState.TIMED_OUT);
        fresh.cancel(List.of(new LineQuantity("L1", 2)));

        assertThat(fresh.allocation("a").status).isEqualTo("TIMED_OUT");
    }

    @Test
    void canCountAShipmentAsShippedFromWhicheverCarrierReportComesFirst() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.changeShipmentStatus("F1", ShipmentStatus.OUT_FOR_DELIVERY, null, T1);
        doc.track("F1", "DHL", "123", "https://t/123", T1);
        doc.deriveStatuses();

        assertThat(doc.lines.get(0).shipped).isEqualTo(2);
        assertThat(doc.lines.get(0).status).isEqualTo("SHIPPED");
        assertThat(doc.shipments.getFirst().status).isEqualTo("OUT_FOR_DELIVERY");
    }

    @Test
    void canKeepTheNewestCarrierStatementWhateverOrderReportsArriveIn() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.changeShipmentStatus("F1", ShipmentStatus.DELAYED, "storm", T2);
        doc.track("F1", "DHL", "123", "https://t/123", T1);

        var shipment = doc.shipments.getFirst();
        assertThat(shipment.status).isEqualTo("DELAYED");
        assertThat(shipment.detail).isEqualTo("storm");
        assertThat(shipment.statusAt).isEqualTo(T2);
        assertThat(shipment.carrier).isEqualTo("DHL");
    }

    @Test
    void canBreakATieBetweenReportsOfTheSameMomentByTheLaterStep() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.changeShipmentStatus("F1", ShipmentStatus.OUT_FOR_DELIVERY, null, T1);
        doc.changeShipmentStatus("F1", ShipmentStatus.IN_TRANSIT, null, T1);
        assertThat(doc.shipments.getFirst().status).isEqualTo("OUT_FOR_DELIVERY");

        doc.changeShipmentStatus("F1", ShipmentStatus.DELIVERY_FAILED, "nobody home", T1);
        assertThat(doc.shipments.getFirst().status).isEqualTo("DELIVERY_FAILED");
    }

    @Test
    void cannotChangeADeliveredShipment() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.deliver("F1", T1);
        doc.changeShipmentStatus("F1", ShipmentStatus.DELAYED, "late report", T2);
        doc.changeShipmentStatus("F1", ShipmentStatus.RETURNED, null, T2);
        doc.deliver("F1", T2);

        var shipment = doc.shipments.getFirst();
        assertThat(shipment.status).isEqualTo("DELIVERED");
        assertThat(shipment.statusAt).isEqualTo(T1);
        assertThat(doc.lines.get(0).delivered).isEqualTo(2);
        assertThat(doc.lines.get(0).returned).isZero();
    }

    @Test
    void canShowAReturnedPackagesItemsAsNoLongerShipped() {
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.track("F1", "DHL", "123", "https://t/123", T1);
        doc.changeShipmentStatus("F1", ShipmentStatus.RETURNED, "refused", T2);
        doc.deliver("F1", T2);
        doc.deriveStatuses();

        assertThat(doc.shipments.getFirst().status).isEqualTo("RETURNED");
        assertThat(doc.lines.get(0).returned).isEqualTo(2);
        assertThat(doc.lines.get(0).delivered).isZero();
        assertThat(doc.lines.get(0).status).isEqualTo("IN_FULFILLMENT");
        assertThat(doc.status).isEqualTo("IN_FULFILLMENT");
    }

    @Test
    void canShowTheOrderAsShippedOnlyWhenEveryOpenLineIs() {
        doc.cancel(List.of(new LineQuantity("L2", 1)));
        doc.fulfil("o-1-1", "F1", List.of(new LineQuantity("L1", 2)));
        doc.track("F1", "DHL", "123", "https://t/123", T1);
        doc.deriveStatuses();

        assertThat(doc.status).isEqualTo("SHIPPED");
    }

    @Test
    void canLeaveTheHoldAndShowTheLinesAgain() {
        doc.onHold = true;
        doc.holdReason = "fraud check";
        doc.holdEnded();
        doc.deriveStatuses();

        assertThat(doc.status).isEqualTo("ACCEPTED");
        assertThat(doc.holdReason).isNull();
    }

    @Test
    void cannotApplyAnEventForALineOrShipmentTheOrderDoesNotHave() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> doc.backorder(List.of("L9"))).withMessageContaining("L9");
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> doc.deliver("F9", T1)).withMessageContaining("F9");
    }

    private static OrderDocument fresh() {
        return OrderDocument.placed("o-2", "r", "ext", List.of(
                new OrderLine("L1", new Sku("A"), 2, new Money(BigDecimal.ONE, "EUR")),
                new OrderLine("L2", new Sku("B"), 1, new Money(BigDecimal.ONE, "EUR"))), T1);
    }

    private static AllocatedLine allocated(String lineId, int quantity) {
        var supplier = new SupplierId("s");
        return new AllocatedLine(lineId, new Sku("A"), quantity, "S" + lineId, null, quantity,
                StockPositionId.of(supplier, "loc", "S" + lineId), 1);
    }
}
