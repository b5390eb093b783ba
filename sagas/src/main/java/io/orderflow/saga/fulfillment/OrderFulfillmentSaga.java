package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.stock.CommitStockCommand;
import io.orderflow.coreapi.stock.StockPositionId;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

/**
 * One per order. The steps, in order:
 * placed → route; supplier selected → request submission; submitted → wait for acceptance until the
 * supplier's SLA runs out; accepted → stop waiting; timed out → the order times the allocation out;
 * completed → end.
 * Commands are sent and awaited so that a failure rolls the event back and the processor retries it.
 */
@Saga
public class OrderFulfillmentSaga {

    static final String ACCEPTANCE_DEADLINE = "supplier-acceptance";

    private OrderId orderId;
    private final Map<String, Duration> acceptanceSlas = new HashMap<>();
    private final Map<String, String> acceptanceDeadlines = new HashMap<>();
    private final Set<String> accepted = new HashSet<>();
    /** Per allocation: line id → the stock position its reservation is held on, committed on acceptance. */
    private final Map<String, Map<String, String>> reservedPositions = new HashMap<>();

    @Inject
    private transient CommandGateway commands;
    @Inject
    private transient DeadlineManager deadlines;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event, @Timestamp Instant at) {
        orderId = event.orderId();
        commands.sendAndWait(new RouteOrderCommand(event.orderId(), event.retailerId(), at));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierSelectedEvent event) {
        acceptanceSlas.put(event.allocationId().value(), event.acceptanceSla());
        rememberReservations(event);
        commands.sendAndWait(new RequestSupplierOrderSubmissionCommand(orderId, event.allocationId()));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderSubmittedEvent event) {
        var allocation = event.allocationId().value();
        if (accepted.contains(allocation) || acceptanceDeadlines.containsKey(allocation)) {
            return;
        }
        var sla = acceptanceSlas.getOrDefault(allocation, Duration.ofHours(24));
        acceptanceDeadlines.put(allocation, deadlines.schedule(sla, ACCEPTANCE_DEADLINE, event.allocationId()));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderAcceptedEvent event) {
        var allocation = event.allocationId().value();
        accepted.add(allocation);
        var deadline = acceptanceDeadlines.remove(allocation);
        if (deadline != null) {
            deadlines.cancelSchedule(ACCEPTANCE_DEADLINE, deadline);
        }
        commitReservations(event);
    }

    private void rememberReservations(SupplierSelectedEvent event) {
        var positions = new HashMap<String, String>();
        event.lines().stream().filter(line -> line.position() != null)
                .forEach(line -> positions.put(line.lineId(), line.position().value()));
        reservedPositions.put(event.allocationId().value(), positions);
    }

    /**
     * DESIGN §4 step 6: what the supplier accepted is committed (no longer ours to release at will, and not yet in
     * its stock reports); a later stock report settles it. Repeats change nothing on the position.
     */
    private void commitReservations(SupplierOrderAcceptedEvent event) {
        if (event.acceptedAt() == null) {
            return;
        }
        reservedPositions.getOrDefault(event.allocationId().value(), Map.of()).forEach((lineId, position) ->
                commands.sendAndWait(new CommitStockCommand(new StockPositionId(position), orderId, lineId,
                        event.acceptedAt())));
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void onAcceptanceDeadline(AllocationId allocationId, @Timestamp Instant at) {
        acceptanceDeadlines.remove(allocationId.value());
        if (!accepted.contains(allocationId.value())) {
            commands.sendAndWait(new TimeOutSupplierOrderCommand(orderId, allocationId, at));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCompletedEvent event) {
        acceptanceDeadlines.forEach((allocation, deadline) -> deadlines.cancelSchedule(ACCEPTANCE_DEADLINE, deadline));
    }
}
