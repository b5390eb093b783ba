package io.orderflow.projection.orderview;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.projection.RecordingJdbc;

import java.lang.reflect.InvocationTargetException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static io.orderflow.projection.orderview.OrderViewFoldTest.ALLOCATION;
import static io.orderflow.projection.orderview.OrderViewFoldTest.ORDER;
import static io.orderflow.projection.orderview.OrderViewFoldTest.RETAILER;
import static io.orderflow.projection.orderview.OrderViewFoldTest.SUPPLIER;
import static io.orderflow.projection.orderview.OrderViewFoldTest.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class OrderViewProjectionTest {

    static final JsonMapper READER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    @Test
    void canStoreAPlacedOrderAndAnnounceItsView() {
        var jdbc = new RecordingJdbc();
        new OrderViewProjection(jdbc).on(placed(), 0, T0);

        var insert = jdbc.only("INSERT INTO order_view");
        assertThat(insert.args().subList(0, 4)).containsExactly("o-1", "r", "ext", "PLACED");
        assertThat(insert.arg(5)).isEqualTo(0L);
        var notify = jdbc.only("pg_notify");
        assertThat(notify.arg(0)).isEqualTo("order_view_changed");
        assertThat(read((String) notify.arg(1)).orderId()).isEqualTo("o-1");
        assertThat(notify.arg(1)).isEqualTo(insert.arg(6));
    }

    @Test
    void cannotAnnounceAnOrderThatWasAlreadyStored() {
        var jdbc = new RecordingJdbc().updateCount(s -> 0);
        new OrderViewProjection(jdbc).on(placed(), 0, T0);

        assertThat(jdbc.statements("pg_notify")).isEmpty();
    }

    @Test
    void cannotApplyAnEventTwice() {
        var jdbc = storedAt(3);
        new OrderViewProjection(jdbc).on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 3, T0);

        assertThat(jdbc.statements("UPDATE order_view")).isEmpty();
        assertThat(jdbc.statements("pg_notify")).isEmpty();
    }

    @Test
    void canApplyANewerEventAndRecordItsSequence() {
        var jdbc = storedAt(3);
        var at = T0.plusSeconds(5);
        new OrderViewProjection(jdbc).on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, at), 4, at);

        var update = jdbc.only("UPDATE order_view");
        assertThat(update.arg(0)).isEqualTo("ROUTING");
        assertThat(update.arg(1)).isEqualTo(java.sql.Timestamp.from(at));
        assertThat(update.arg(2)).isEqualTo(4L);
        assertThat(update.arg(4)).isEqualTo("o-1");
        var view = read((String) update.arg(3));
        assertThat(view.status()).isEqualTo("ROUTING");
        assertThat(view.updatedAt()).isEqualTo(at);
        assertThat(jdbc.only("pg_notify").arg(1)).isEqualTo(update.arg(3));
    }

    @Test
    void cannotApplyAChangeToAnOrderItNeverSawPlaced() {
        var projection = new OrderViewProjection(new RecordingJdbc());
        assertThatIllegalStateException()
                .isThrownBy(() -> projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 1, T0))
                .withMessageContaining("o-1");
    }

    @Test
    void canAnnounceAViewTooBigForANotificationByItsId() {
        var lines = IntStream.range(0, 100).mapToObj(i -> new OrderLine("line-" + i, new Sku("sku-" + i), 1,
                new Money(BigDecimal.ONE, "EUR"))).toList();
        var jdbc = new RecordingJdbc();
        new OrderViewProjection(jdbc).on(new OrderPlacedEvent(ORDER, RETAILER, "ext", "EUR", null, null, lines, null,
                "web", T0, null, null), 0, T0);

        assertThat(((String) jdbc.only("INSERT INTO order_view").arg(6)).length()).isGreaterThan(7900);
        assertThat(jdbc.only("pg_notify").arg(1)).isEqualTo("o-1");
    }

    @Test
    void canStoreTheSameViewAsTheAuditorsFold() throws Exception {
        var history = new ArrayList<>(OrderViewFoldTest.history().subList(0, 3));
        history.add(new SupplierOrderSubmittedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "SO-9", T0));
        history.add(new SupplierOrderRejectedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, "no stock", T0));
        history.add(new OrderPutOnHoldEvent(ORDER, RETAILER, "fraud check"));
        history.add(new OrderHoldReleasedEvent(ORDER, RETAILER, "ops", null, T0));
        var second = new AllocationId("o-1-2");
        history.add(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0));
        history.add(new SupplierSelectedEvent(ORDER, RETAILER, second, SUPPLIER, "loc",
                List.of(new AllocatedLine("L1", new Sku("A"), 2, "SA", null, 2, StockPositionId.of(SUPPLIER, "loc", "SA"),
                        1)), Duration.ofMinutes(30), new RoutingExplanation("test", List.of(), "next best"), "1"));
        history.add(new SupplierOrderAcceptedEvent(ORDER, RETAILER, second, SUPPLIER, T0));
        history.add(new FulfillmentCreatedEvent(ORDER, RETAILER, second, SUPPLIER, "F1",
                List.of(new LineQuantity("L1", 2)), null, T0));
        history.add(new ShipmentTrackedEvent(ORDER, RETAILER, second, SUPPLIER, "F1",
                List.of(new LineQuantity("L1", 2)), "DHL", "123", "https://t/123", T0));

        var fold = new OrderViewFold();
        var jdbc = new RecordingJdbc();
        var projection = new OrderViewProjection(jdbc);
        for (int sequence = 0; sequence < history.size(); sequence++) {
            var event = history.get(sequence);
            var at = T0.plusSeconds(sequence);
            fold.apply(event, at);
            var handler = OrderViewProjection.class.getDeclaredMethod("on", event.getClass(), long.class, Instant.class);
            try {
                handler.invoke(projection, event, sequence, at);
            } catch (InvocationTargetException e) {
                throw (Exception) e.getCause();
            }
            var written = jdbc.statements().getLast();
            jdbc.rows("FROM order_view", new Object[] {"o-1", lastView(jdbc), (long) sequence});
            assertThat(read(lastView(jdbc))).as("after %s", event.getClass().getSimpleName())
                    .isEqualTo(fold.view().orElseThrow());
            assertThat(written.sql()).contains("pg_notify");
        }
        var view = fold.view().orElseThrow();
        assertThat(view.status()).isEqualTo("SHIPPED");
        assertThat(view.allocations()).extracting(OrderView.Allocation::status).containsExactly("REJECTED", "ACCEPTED");
        assertThat(view.allocations().getFirst().supplierOrderRef()).isEqualTo("SO-9");
    }

    @Test
    void readsAnOrderOncePerBatchAndAgainAfterAWriteFailed() {
        var jdbc = storedAt(3);
        var projection = new OrderViewProjection(jdbc);
        inBatch(GenericEventMessage.asEventMessage("a batch"), () -> {
            projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
            projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0), 5, T0);
            projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 5, T0);

            assertThat(jdbc.statements("FROM order_view")).hasSize(1);
            assertThat(jdbc.statements("UPDATE order_view")).extracting(s -> s.arg(2)).containsExactly(4L, 5L);

            jdbc.updateCount(s -> {
                throw new DataIntegrityViolationException("a trigger refused the row");
            });
            assertThatThrownBy(() -> projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0), 6, T0))
                    .isInstanceOf(DataIntegrityViolationException.class);
            jdbc.updateCount(s -> 1);
            projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 2, T0), 7, T0);

            // the failed event rolled back to its savepoint: the table is read again, as stored (sequence 3)
            assertThat(jdbc.statements("FROM order_view")).hasSize(2);
            assertThat(read(lastView(jdbc)).status()).isEqualTo("ROUTING");
        });
    }

    @Test
    void readsTheRowsOfEveryOrderInABatchTogetherWhenItFirstNeedsOne() {
        var jdbc = new RecordingJdbc().rows("FROM order_view", stored("o-1", 3), stored("o-2", 3));
        var projection = new OrderViewProjection(jdbc);
        var other = new OrderId("o-2");
        var batch = new BatchingUnitOfWork<>(List.of(
                new GenericDomainEventMessage<>("Order", "o-1", 4, "routing started"),
                new GenericDomainEventMessage<>("Order", "o-2", 4, "routing started"),
                new GenericDomainEventMessage<>("Order", "o-1", 5, "accepted")));
        batch.start();
        try {
            projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
            projection.on(new OrderRoutingStartedEvent(other, RETAILER, 1, T0), 4, T0);
            projection.on(new SupplierOrderAcceptedEvent(ORDER, RETAILER, ALLOCATION, SUPPLIER, T0), 5, T0);
        } finally {
            batch.rollback();
        }

        assertThat(jdbc.statements("FROM order_view")).hasSize(1);
        assertThat((String[]) jdbc.only("FROM order_view").arg(0)).containsExactly("o-1", "o-2");
        assertThat(jdbc.statements("UPDATE order_view")).extracting(s -> s.arg(4), s -> s.arg(2))
                .containsExactly(tuple("o-1", 4L), tuple("o-2", 4L), tuple("o-1", 5L));
    }

    @Test
    void announcesNothingWhileReplayingHistory() {
        var jdbc = storedAt(3);
        var replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100),
                new GlobalSequenceTrackingToken(0));
        var unitOfWork = DefaultUnitOfWork.startAndGet(
                new GenericTrackedEventMessage<>(replay, GenericEventMessage.asEventMessage("replayed")));
        new OrderViewProjection(jdbc).on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        unitOfWork.commit();

        assertThat(jdbc.statements("UPDATE order_view")).hasSize(1);
        assertThat(jdbc.statements("pg_notify")).isEmpty();
    }

    @Test
    void writesWhatAReplayedBatchChangedOnceWhenTheBatchCommits() {
        var jdbc = storedAt(3);
        var projection = new OrderViewProjection(jdbc);
        var unitOfWork = DefaultUnitOfWork.startAndGet(replayed());
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        projection.on(new OrderPutOnHoldEvent(ORDER, RETAILER, "fraud check"), 5, T0);
        projection.on(new OrderHoldReleasedEvent(ORDER, RETAILER, "ops@r", "checked", T0), 6, T0);
        assertThat(jdbc.statements("UPDATE order_view")).isEmpty();

        unitOfWork.commit();

        assertThat(jdbc.statements("FROM order_view")).hasSize(1);
        assertThat(jdbc.only("UPDATE order_view").arg(2)).isEqualTo(6L);
        String view = (String) jdbc.only("UPDATE order_view").arg(3);
        assertThat(read(view).status()).isEqualTo("ROUTING");
        assertThat(view).contains("\"onHold\":false", "\"holdReason\":null");
        assertThat(jdbc.statements("pg_notify")).isEmpty();
    }

    @Test
    void aParkedReplayedEventBeingRetriedWritesAtOnceSoThatItsFailureStaysItsOwn() {
        var jdbc = storedAt(3);
        var unitOfWork = DefaultUnitOfWork.startAndGet(replayed());
        unitOfWork.resources().put(DeadLetter.class.getName(), "the letter being retried");
        new OrderViewProjection(jdbc).on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);

        // inside the handler, and so inside the savepoint a retried letter runs in: not when the retry commits
        assertThat(jdbc.statements("UPDATE order_view")).hasSize(1);
        unitOfWork.rollback();
    }

    @Test
    void aReplayedBatchInWhichAnEventFailedCannotCommitAndIsHandledAgainEventByEvent() {
        var jdbc = storedAt(3);
        var projection = new OrderViewProjection(jdbc);
        var batch = replayed();
        var unitOfWork = DefaultUnitOfWork.startAndGet(batch);
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        // a savepoint would catch this and park the event: the batch must not commit without sequence 4's change
        assertThatIllegalStateException().isThrownBy(() -> projection.on(new OrderLinesBackorderedEvent(ORDER, RETAILER,
                java.util.List.of("no-such-line"), "none left"), 5, T0));
        assertThatIllegalStateException().isThrownBy(unitOfWork::commit);
        assertThat(jdbc.statements("UPDATE order_view")).isEmpty();

        // the batch again: each change is written as it is made
        inBatch(batch, () -> {
            projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
            assertThat(jdbc.statements("UPDATE order_view")).hasSize(1);
        });
    }

    @Test
    void aReplayedBatchWhoseWritesFailIsHandledAgainEventByEventAndLaterBatchesWriteAtTheirEndAgain() {
        var jdbc = storedAt(3).updateCount(s -> {
            throw new DataIntegrityViolationException("a trigger refused the row");
        });
        var projection = new OrderViewProjection(jdbc);
        var batch = replayed();
        var unitOfWork = DefaultUnitOfWork.startAndGet(batch);
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        assertThatThrownBy(unitOfWork::commit).isInstanceOf(DataIntegrityViolationException.class);

        jdbc.updateCount(s -> 1);
        var again = DefaultUnitOfWork.startAndGet(batch);
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        assertThat(jdbc.statements("UPDATE order_view")).hasSize(2); // the failed batch's, and this one at once
        again.commit();
        // the next batch writes at its end again
        var next = DefaultUnitOfWork.startAndGet(replayed());
        projection.on(new OrderRoutingStartedEvent(ORDER, RETAILER, 1, T0), 4, T0);
        assertThat(jdbc.statements("UPDATE order_view")).hasSize(2);
        next.rollback();
    }

    @AfterEach
    void noBatchLeftOpen() {
        while (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().rollback();
        }
    }

    private static Message<?> replayed() {
        var replay = ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(100),
                new GlobalSequenceTrackingToken(0));
        return new GenericTrackedEventMessage<>(replay, GenericEventMessage.asEventMessage("replayed"));
    }

    private static void inBatch(Message<?> message, Runnable work) {
        var unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            work.run();
        } finally {
            unitOfWork.rollback();
        }
    }

    private static String lastView(RecordingJdbc jdbc) {
        var write = jdbc.statements().reversed().stream()
                .filter(s -> s.sql().contains("INSERT INTO order_view") || s.sql().contains("UPDATE order_view"))
                .findFirst().orElseThrow();
        return (String) write.arg(write.sql().contains("INSERT") ? 6 : 3);
    }

    private static RecordingJdbc storedAt(long sequence) {
        return new RecordingJdbc().rows("FROM order_view", stored("o-1", sequence));
    }

    private static Object[] stored(String orderId, long sequence) {
        var doc = OrderDocument.placed(orderId, "r", "ext", placed().lines(), T0);
        doc.deriveStatuses();
        return new Object[] {orderId, JsonMapper.builder().build().writeValueAsString(doc), sequence};
    }

    private static OrderPlacedEvent placed() {
        return (OrderPlacedEvent) OrderViewFoldTest.history().getFirst();
    }

    private static OrderView read(String json) {
        return READER.readValue(json, OrderView.class);
    }
}
