package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.ExpireOrderHoldCommand;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.RequestSupplierOrderCancellationCommand;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.CommitStockCommand;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
 * rejected, timed out or submission failed → compensate (cancel at the supplier where an order may exist, release
 * its reservations, re-route without it; routing gives up after the policy's maximum); lines cancelled → release;
 * completed (every line delivered or cancelled) → end. Put on hold → wait for a person until the hold deadline
 * ({@link HoldDeadline}); released (or a backorder retried) → route again; the deadline passes → expire the hold,
 * which cancels the lines still waiting, so the order completes and the saga ends.
 * Commands are sent and awaited so that a failure rolls the event back and the processor retries it.
 */
@Saga
public class OrderFulfillmentSaga {

    static final String ACCEPTANCE_DEADLINE = "supplier-acceptance";
    static final String HOLD_DEADLINE = "order-hold";

    private OrderId orderId;
    private final Map<String, Duration> acceptanceSlas = new HashMap<>();
    private final Map<String, String> acceptanceDeadlines = new HashMap<>();
    private final Set<String> accepted = new HashSet<>();
    /** When each accepted allocation was accepted: its lines' stock is committed as of then. */
    private final Map<String, Instant> acceptedAt = new HashMap<>();
    /** Per allocation, its lines: what to release when it fails or its lines are cancelled. */
    private final Map<String, List<AllocatedLine>> allocationLines = new HashMap<>();
    /** "allocation/line" of every line whose stock was given back, so that none is given back twice. */
    private final Set<String> released = new HashSet<>();

    /** The scheduled hold deadline while the order is held, else null. */
    private String holdDeadline;
    private Instant heldSince;

    @Inject
    private transient CommandGateway commands;
    @Inject
    private transient HoldDeadline holdTimeout;
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
        allocationLines.put(event.allocationId().value(), List.copyOf(event.lines()));
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
        cancelAcceptanceDeadline(allocation);
        commitReservations(event);
        if (event.acceptedAt() != null) {
            acceptedAt.putIfAbsent(allocation, event.acceptedAt());
        }
    }


    /**
     * DESIGN §4 step 6: what the supplier accepted is committed (no longer ours to release at will, and not yet in
     * its stock reports); a later stock report settles it. Repeats change nothing on the position.
     */
    private void commitReservations(SupplierOrderAcceptedEvent event) {
        if (event.acceptedAt() == null) {
            return;
        }
        reservedLines(event.allocationId().value()).forEach(line -> commands.sendAndWait(
                new CommitStockCommand(line.position(), orderId, line.lineId(), event.acceptedAt())));
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void onAcceptanceDeadline(AllocationId allocationId, @Timestamp Instant at) {
        acceptanceDeadlines.remove(allocationId.value());
        if (!accepted.contains(allocationId.value())) {
            commands.sendAndWait(new TimeOutSupplierOrderCommand(orderId, allocationId, at));
        }
    }

    // ---- compensation and cancellation (issue 4) ----

    /** The supplier said no: nothing exists there to cancel; release and re-route without it. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderRejectedEvent event, @Timestamp Instant at) {
        compensate(event.orderId(), event.retailerId(), event.allocationId(), false, at);
    }

    /** The supplier never accepted: it may still hold the order, so it is asked to cancel it too. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderTimedOutEvent event, @Timestamp Instant at) {
        compensate(event.orderId(), event.retailerId(), event.allocationId(), true, at);
    }

    /** The submission failed for good: the supplier holds nothing (one idempotency key per allocation). */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderSubmissionFailedEvent event, @Timestamp Instant at) {
        compensate(event.orderId(), event.retailerId(), event.allocationId(), false, at);
    }

    /** Cancelled lines give their stock back; the order emits OrderCompleted itself once nothing is left open. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderLinesCancelledEvent event) {
        var cancelledLines = event.lines().stream().map(LineQuantity::lineId).collect(Collectors.toSet());
        allocationLines.keySet().stream().flatMap(allocation -> reservedLines(allocation)
                        .filter(line -> cancelledLines.contains(line.lineId()))
                        .map(line -> Map.entry(allocation, line)))
                .sorted(Comparator.comparing(entry -> entry.getValue().position().value()))
                .forEach(entry -> release(entry.getKey(), entry.getValue()));
    }

    private void compensate(OrderId order, RetailerId retailer, AllocationId allocationId, boolean cancelAtSupplier,
                            Instant at) {
        var allocation = allocationId.value();
        cancelAcceptanceDeadline(allocation);
        if (cancelAtSupplier) {
            commands.sendAndWait(new RequestSupplierOrderCancellationCommand(order, allocationId,
                    "supplier order " + allocation + " failed; re-routed elsewhere"));
        }
        reservedLines(allocation).forEach(line -> release(allocation, line));
        commands.sendAndWait(new RouteOrderCommand(order, retailer, at));
    }

    /**
     * Gives a line's stock back once: a reservation as it was made, a line the supplier had accepted with its
     * commitment (its units and when it was accepted).
     */
    private void release(String allocation, AllocatedLine line) {
        if (!released.add(allocation + "/" + line.lineId())) {
            return;
        }
        var at = acceptedAt.get(allocation);
        var commitment = at == null ? null : new ReleaseStockCommand.Commitment(line.supplierUnits(), at);
        commands.sendAndWait(new ReleaseStockCommand(line.position(), orderId, line.lineId(), commitment));
    }

    /**
     * The allocation's lines that hold a reservation: what acceptance commits and failure or cancellation release.
     * In position order, the order routing reserves in: positions stay locked until the transaction ends, and a
     * stable order means two transactions never wait for each other's.
     */
    private Stream<AllocatedLine> reservedLines(String allocation) {
        return allocationLines.getOrDefault(allocation, List.of()).stream().filter(line -> line.position() != null)
                .sorted(Comparator.comparing(line -> line.position().value()));
    }

    private void cancelAcceptanceDeadline(String allocation) {
        var deadline = acceptanceDeadlines.remove(allocation);
        if (deadline != null) {
            deadlines.cancelSchedule(ACCEPTANCE_DEADLINE, deadline);
        }
    }

    // ---- people working the exceptions (issue 12) ----

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPutOnHoldEvent event, @Timestamp Instant at) {
        if (holdDeadline == null) {
            heldSince = at;
            holdDeadline = deadlines.schedule(holdTimeout(), HOLD_DEADLINE);
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderHoldReleasedEvent event, @Timestamp Instant at) {
        cancelHoldDeadline();
        commands.sendAndWait(new RouteOrderCommand(event.orderId(), event.retailerId(), at));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderHoldExpiredEvent event) {
        cancelHoldDeadline();
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(BackorderRetryRequestedEvent event, @Timestamp Instant at) {
        commands.sendAndWait(new RouteOrderCommand(event.orderId(), event.retailerId(), at));
    }

    @DeadlineHandler(deadlineName = HOLD_DEADLINE)
    void onHoldDeadline(@Timestamp Instant at) {
        holdDeadline = null;
        var heldFor = heldSince == null ? holdTimeout() : Duration.between(heldSince, at);
        commands.sendAndWait(new ExpireOrderHoldCommand(orderId, heldFor, at));
    }

    private Duration holdTimeout() {
        return holdTimeout == null ? HoldDeadline.DEFAULT : holdTimeout.timeout();
    }

    private void cancelHoldDeadline() {
        if (holdDeadline != null) {
            deadlines.cancelSchedule(HOLD_DEADLINE, holdDeadline);
            holdDeadline = null;
            heldSince = null;
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCompletedEvent event) {
        acceptanceDeadlines.forEach((allocation, deadline) -> deadlines.cancelSchedule(ACCEPTANCE_DEADLINE, deadline));
        cancelHoldDeadline();
    }
}
