package io.orderflow.projection.tracking;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.projection.RecordingJdbc;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OrderTrackingProjectionTest {

    static final OrderId ORDER = new OrderId("o-1");
    static final RetailerId RETAILER = new RetailerId("r");
    static final AllocationId ALLOCATION = new AllocationId("a-1");
    static final SupplierId SUPPLIER = new SupplierId("s");
    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void canStoreAPlacedOrderWithTheCityAndNoPersonalData() {
        var jdbc = new RecordingJdbc();
        new OrderTrackingProjection(jdbc).on(placed(new Destination("DE", "BE", " Berlin ", 52.5, 13.4)), 0, T0);

        var insert = jdbc.only("INSERT INTO order_tracking");
        assertThat(insert.args()).containsExactly("o-1", "r", "Berlin", java.sql.Date.valueOf("2026-05-09"),
                Timestamp.from(T0), Timestamp.from(T0), 0L);
        assertThat(insert.args().toString()).doesNotContain("c2VhbGVk", "52.5");
    }

    @Test
    void canStoreAnOrderWithoutACity() {
        var jdbc = new RecordingJdbc();
        new OrderTrackingProjection(jdbc).on(placed(new Destination("DE", null, " ", null, null)), 0, T0);

        assertThat(jdbc.only("INSERT INTO order_tracking").arg(2)).isNull();
    }

    @Test
    void canRecordOnlyTheFirstAcceptance() {
        var jdbc = stored(null, 0, "[]", 3);
        new OrderTrackingProjection(jdbc).on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0),
                4, T0);
        assertThat(update(jdbc).arg(0)).isEqualTo(Timestamp.from(T0));

        var again = stored(Timestamp.from(T0), 0, "[]", 4);
        new OrderTrackingProjection(again).on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T1),
                5, T1);
        assertThat(update(again).arg(0)).isEqualTo(Timestamp.from(T0));
        assertThat(update(again).arg(4)).isEqualTo(Timestamp.from(T1));
    }

    @Test
    void canCountEveryKindOfFailedSupplierOrderAsAReroute() {
        var timedOut = stored(null, 2, "[]", 3);
        new OrderTrackingProjection(timedOut).on(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                T0), 4, T0);
        var rejected = stored(null, 2, "[]", 3);
        new OrderTrackingProjection(rejected).on(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER,
                "no", T0), 4, T0);
        var failed = stored(null, 2, "[]", 3);
        new OrderTrackingProjection(failed).on(new SupplierOrderSubmissionFailedEvent(ORDER, RETAILER, ALLOCATION,
                SUPPLIER, "down", T0), 4, T0);

        assertThat(List.of(timedOut, rejected, failed)).allSatisfy(jdbc -> assertThat(update(jdbc).arg(2)).isEqualTo(3));
    }

    @Test
    void canFollowAParcelFromFulfillmentToDelivery() {
        var jdbc = stored(null, 0, "[]", 3);
        new OrderTrackingProjection(jdbc).on(new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1",
                List.of(new LineQuantity("L1", 1)), LocalDate.of(2026, 5, 3), T0), 4, T0);
        var fulfilled = parcels(jdbc);
        assertThat(fulfilled).containsExactly(new OrderTrackingProjection.Parcel("F1", "2026-05-03", null, null));

        jdbc = stored(null, 0, JSON.writeValueAsString(fulfilled), 4);
        new OrderTrackingProjection(jdbc).on(tracked("F1"), 5, T0);
        var shipped = parcels(jdbc);
        assertThat(shipped).containsExactly(new OrderTrackingProjection.Parcel("F1", "2026-05-03", T0, null));

        jdbc = stored(null, 0, JSON.writeValueAsString(shipped), 5);
        new OrderTrackingProjection(jdbc).on(tracked("F1"), 6, T1);
        assertThat(parcels(jdbc)).containsExactly(new OrderTrackingProjection.Parcel("F1", "2026-05-03", T0, null));

        new OrderTrackingProjection(jdbc = stored(null, 0, JSON.writeValueAsString(shipped), 6)).on(delivered("F1"), 7,
                T1);
        assertThat(parcels(jdbc)).containsExactly(new OrderTrackingProjection.Parcel("F1", "2026-05-03", T0, T1));
    }

    @Test
    void canShowAParcelDeliveredWithoutAFulfillmentItSaw() {
        var jdbc = stored(null, 0, "[]", 3);
        new OrderTrackingProjection(jdbc).on(delivered("F9"), 4, T1);

        assertThat(parcels(jdbc)).containsExactly(new OrderTrackingProjection.Parcel("F9", null, T1, T1));
    }

    @Test
    void canReplaceAParcelWhoseFulfillmentWasReported() {
        var jdbc = stored(null, 0, JSON.writeValueAsString(List.of(
                new OrderTrackingProjection.Parcel("F1", "2026-05-03", null, null))), 3);
        new OrderTrackingProjection(jdbc).on(new FulfillmentCreatedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "F1",
                List.of(new LineQuantity("L1", 1)), null, T0), 4, T0);

        assertThat(parcels(jdbc)).containsExactly(new OrderTrackingProjection.Parcel("F1", null, null, null));
    }

    @Test
    void canMoveUpdatedAtWithEveryOrderEventAndRecordCompletion() {
        var routed = stored(null, 0, "[]", 3);
        new OrderTrackingProjection(routed).on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T1), 4, T1);
        assertThat(update(routed).args().subList(4, 7)).containsExactly(Timestamp.from(T1), 4L, "o-1");

        var completed = stored(null, 0, "[]", 3);
        new OrderTrackingProjection(completed).on(new OrderCompletedEvent(ORDER, RETAILER, T1), 4, T1);
        assertThat(update(completed).arg(1)).isEqualTo(Timestamp.from(T1));
    }

    @Test
    void cannotApplyAnEventTwice() {
        var jdbc = stored(null, 0, "[]", 4);
        new OrderTrackingProjection(jdbc).on(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0),
                4, T0);

        assertThat(jdbc.statements("UPDATE order_tracking")).isEmpty();
    }

    @Test
    void cannotApplyAChangeToAnOrderItNeverSawPlaced() {
        var projection = new OrderTrackingProjection(new RecordingJdbc());
        assertThatIllegalStateException().isThrownBy(() -> projection.on(tracked("F1"), 1, T0))
                .withMessageContaining("o-1");
    }

    @Test
    void canWriteWhatAReplayedBatchChangedOnceWhenTheBatchCommits() {
        var jdbc = stored(null, 0, "[]", 3);
        var projection = new OrderTrackingProjection(jdbc);
        var replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100),
                new GlobalSequenceTrackingToken(0));
        var unitOfWork = DefaultUnitOfWork.startAndGet(
                new GenericTrackedEventMessage<>(replay, GenericEventMessage.asEventMessage("replayed")));
        projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0), 4, T0);
        projection.on(new SupplierOrderTimedOutEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T1), 5, T1);
        assertThat(jdbc.statements("UPDATE order_tracking")).isEmpty();

        unitOfWork.commit();

        assertThat(jdbc.statements("FROM order_tracking")).hasSize(1);
        assertThat(update(jdbc).args()).containsExactly(Timestamp.from(T0), null, 1, "[]", Timestamp.from(T1), 5L,
                "o-1");
    }

    private static RecordingJdbc stored(Timestamp acceptedAt, int reroutes, String parcels, long sequence) {
        return new RecordingJdbc().rows("FROM order_tracking",
                new Object[] {"o-1", acceptedAt, null, reroutes, parcels, sequence});
    }

    private static RecordingJdbc.Statement update(RecordingJdbc jdbc) {
        return jdbc.only("UPDATE order_tracking");
    }

    private static List<OrderTrackingProjection.Parcel> parcels(RecordingJdbc jdbc) {
        return JSON.readValue((String) update(jdbc).arg(3), new TypeReference<List<OrderTrackingProjection.Parcel>>() {
        });
    }

    private static ShipmentTrackedEvent tracked(String shipmentId) {
        return new ShipmentTrackedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, shipmentId,
                List.of(new LineQuantity("L1", 1)), "DHL", "123", "https://t/123", T0);
    }

    private static ShipmentDeliveredEvent delivered(String shipmentId) {
        return new ShipmentDeliveredEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, shipmentId,
                List.of(new LineQuantity("L1", 1)), T1);
    }

    private static OrderPlacedEvent placed(Destination destination) {
        return new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR",
                new SealedPersonalData(ORDER.value(), SealedPersonalData.AES_GCM, "c2VhbGVk"), destination,
                List.of(new OrderLine("L1", new Sku("A"), 1, new Money(BigDecimal.ONE, "EUR"))),
                LocalDate.of(2026, 5, 9), "web", T0, "pay-ref", null);
    }
}
