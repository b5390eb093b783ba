package io.orderflow.projection.timeline;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCancellationDeclinedEvent;
import io.orderflow.coreapi.order.OrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.RefundRequestedEvent;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierReportRefusedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.projection.RecordingJdbc;

import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderTimelineProjectionTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final AllocationId ALLOCATION = new AllocationId("a-1");
    static final SupplierId SUPPLIER = new SupplierId("s-1");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final List<LineQuantity> ONE_OF_L1 = List.of(new LineQuantity("L1", 1));

    /** One of every event the timeline tells, with every field set. */
    static List<Object> everyEvent() {
        var line = new OrderLine("L1", new Sku("A"), 1, new Money(BigDecimal.ONE, "EUR"));
        var allocated = new AllocatedLine("L1", new Sku("A"), 1, "SA", null, 1, StockPositionId.of(SUPPLIER, "loc", "SA"),
                1);
        return List.of(
                new OrderPlacedEvent(ORDER, RETAILER, "#1001", "EUR", null, null, List.of(line, line), null, "web", T0,
                        null, null),
                new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0),
                new SupplierSelectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "berlin", List.of(allocated),
                        Duration.ofHours(1), new RoutingExplanation("1", List.of(), "closest with stock"), "1"),
                new OrderLinesBackorderedEvent(ORDER, RETAILER, List.of("L1", "L2"), "no stock anywhere"),
                new SupplierOrderSubmissionRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, List.of(allocated), null),
                new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "SO-7", T0),
                new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0),
                new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0),
                new OrderPutOnHoldEvent(ORDER, RETAILER, "fraud check"),
                new OrderHoldReleasedEvent(ORDER, RETAILER, "ops@r", "checked", T0),
                new OrderHoldExpiredEvent(ORDER, RETAILER, Duration.ofDays(3), List.of("L1"), T0),
                new BackorderRetryRequestedEvent(ORDER, RETAILER, List.of("L1"), "ops@r", "restocked", T0),
                new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ONE_OF_L1,
                        LocalDate.of(2026, 5, 3), T0),
                new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ONE_OF_L1, "DHL", "123",
                        "https://t/123", T0),
                new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ONE_OF_L1, T0),
                new ShipmentStatusChangedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ShipmentStatus.DELAYED,
                        "storm", T0),
                new OrderCompletedEvent(ORDER, RETAILER, T0),
                new SupplierReportRefusedEvent(ORDER, RETAILER, SUPPLIER, "a shipment", "unknown line L9", "d-1", T0),
                new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "discontinued", T0),
                new SupplierOrderSubmissionFailedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "HTTP 503", T0),
                new SupplierOrderCancellationRequestedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "customer asked"),
                new OrderCancellationRequestedEvent(ORDER, RETAILER, List.of("L1"), "customer asked", T0),
                new OrderLinesCancelledEvent(ORDER, RETAILER, ONE_OF_L1, "customer asked", T0),
                new OrderCancellationDeclinedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, List.of("L1"), "already shipped",
                        T0),
                new RefundRequestedEvent(ORDER, RETAILER, ONE_OF_L1, new Money(new BigDecimal("19.90"), "EUR"),
                        "cancelled", T0));
    }

    @Test
    void canInsertAReplayedBatchsSentencesTogetherWhenTheBatchCommits() {
        var jdbc = new RecordingJdbc();
        var projection = new OrderTimelineProjection(jdbc);
        var replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100),
                new GlobalSequenceTrackingToken(0));
        var unitOfWork = DefaultUnitOfWork.startAndGet(
                new GenericTrackedEventMessage<>(replay, GenericEventMessage.asEventMessage("replayed")));
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0), 1, T0);
        projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0), 2, T0);
        assertThat(jdbc.statements("INSERT INTO order_timeline")).isEmpty();

        unitOfWork.commit();

        assertThat(jdbc.statements("INSERT INTO order_timeline")).extracting(s -> s.arg(1)).containsExactly(1L, 2L);
    }

    @Test
    void canTellEveryEventItHandles() {
        var handled = Arrays.stream(OrderTimelineProjection.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(EventHandler.class)).map(m -> m.getParameterTypes()[0])
                .collect(Collectors.toSet());

        assertThat(everyEvent()).extracting(Object::getClass).containsExactlyInAnyOrderElementsOf(handled);
    }

    @Test
    void canWriteOneEntryPerEventTypedByTheEventAndKeyedByItsSequence() {
        var events = everyEvent();
        var jdbc = new RecordingJdbc();
        for (int i = 0; i < events.size(); i++) {
            apply(jdbc, events.get(i), 10 + i);
        }

        var entries = jdbc.statements("INSERT INTO order_timeline");
        assertThat(entries).hasSize(events.size());
        for (int i = 0; i < events.size(); i++) {
            var entry = entries.get(i);
            assertThat(entry.sql()).contains("ON CONFLICT (order_id, sequence) DO NOTHING");
            assertThat(entry.args().subList(0, 5)).containsExactly("o-1", 10L + i, "r",
                    Timestamp.from(T0.plusSeconds(10 + i)), events.get(i).getClass().getSimpleName().replaceFirst("Event$", ""));
            assertThat((String) entry.arg(5)).doesNotContain("null").endsWith(".");
        }
    }

    @Test
    void canTellPeopleWhatHappenedInTheirWords() {
        var texts = texts(everyEvent());

        assertThat(texts).contains(
                "Order #1001 placed with 2 line(s).",
                "Looking for the best supplier (attempt 2).",
                "Supplier s-1 (berlin) chosen for line L1 ×1: closest with stock.",
                "Backordered L1, L2: no stock anywhere.",
                "Supplier s-1 received the order as SO-7.",
                "Released from hold by ops@r: checked; open lines are routed again.",
                "Nobody released the hold within PT72H; L1 will be cancelled.",
                "Supplier s-1 is preparing package F1 with line L1 ×1, expected to ship on 2026-05-03.",
                "Package F1 is on its way with DHL, tracking number 123.",
                "Package F1 was delivered (line L1 ×1).",
                "Package F1 is delayed (storm).",
                "Cancelled line L1 ×1: customer asked.",
                "Refund of 19.90 EUR requested for line L1 ×1.");
    }

    @Test
    void canLeaveOutWhatWasNotGiven() {
        var texts = texts(List.of(
                new OrderHoldReleasedEvent(ORDER, RETAILER, "ops@r", " ", T0),
                new OrderHoldExpiredEvent(ORDER, RETAILER, Duration.ofDays(1), List.of(), T0),
                new BackorderRetryRequestedEvent(ORDER, RETAILER, List.of("L1"), "ops@r", null, T0),
                new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", ONE_OF_L1, null, T0),
                new ShipmentStatusChangedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1",
                        ShipmentStatus.OUT_FOR_DELIVERY, null, T0)));

        assertThat(texts).containsExactly(
                "Released from hold by ops@r; open lines are routed again.",
                "Nobody released the hold within PT24H.",
                "Backordered L1 routed again at the request of ops@r.",
                "Supplier s-1 is preparing package F1 with line L1 ×1.",
                "Package F1 is out for delivery.");
    }

    @Test
    void canDescribeEveryCarrierStatus() {
        var texts = texts(Arrays.stream(ShipmentStatus.values()).map(status -> (Object) new ShipmentStatusChangedEvent(
                ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1", status, null, T0)).toList());

        assertThat(texts).doesNotHaveDuplicates().allSatisfy(text -> assertThat(text).startsWith("Package F1 "));
    }

    private static List<String> texts(List<Object> events) {
        var jdbc = new RecordingJdbc();
        for (int i = 0; i < events.size(); i++) {
            apply(jdbc, events.get(i), i);
        }
        return jdbc.statements("INSERT INTO order_timeline").stream().map(s -> (String) s.arg(5)).toList();
    }

    private static void apply(RecordingJdbc jdbc, Object event, int sequence) {
        try {
            OrderTimelineProjection.class.getDeclaredMethod("on", event.getClass(), long.class, Instant.class)
                    .invoke(new OrderTimelineProjection(jdbc), event, (long) sequence, T0.plusSeconds(sequence));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
