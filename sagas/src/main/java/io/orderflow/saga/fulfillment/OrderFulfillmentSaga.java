package io.orderflow.saga.fulfillment;

import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.ExpireOrderHoldCommand;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderFulfillment;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.inject.Inject;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
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
 * which cancels the lines still waiting, so the order completes once its other lines are delivered or cancelled, and
 * the saga ends. A held order cancelled by the storefront completes the same way. What the saga knows of each
 * allocation is one {@link AllocationProgress}.
 * Commands are sent and awaited so that a failure rolls the event back and the processor retries it.
 */
@Saga
@ProcessingGroup(OrderFulfillmentSaga.PROCESSING_GROUP)
public class OrderFulfillmentSaga {

    public static final String PROCESSING_GROUP = OrderFulfillment.PROCESSING_GROUP;
    static final String ACCEPTANCE_DEADLINE = "supplier-acceptance";
    static final String HOLD_DEADLINE = "order-hold";

    private OrderId orderId;
    /** Every allocation the order has had, with how far it has come. */
    private final Map<AllocationId, AllocationProgress> allocations = new HashMap<>();

    /** The scheduled hold deadline while the order is held, else null. */
    private String holdDeadline;
    private Instant heldSince;

    @Inject
    private transient CommandGateway commands;
    @Inject
    private transient HoldDeadline holdTimeout;
    @Inject
    private transient DeadlineManager deadlines;

    // ---- 1. placed: route ----

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlacedEvent event, @Timestamp Instant at) {
        orderId = event.orderId();
        commands.sendAndWait(new RouteOrderCommand(event.orderId(), event.retailerId(), at));
    }

    // ---- 2. supplier selected: request submission ----

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierSelectedEvent event) {
        progress(event.allocationId()).selected(event.acceptanceSla(), event.lines());
        commands.sendAndWait(new RequestSupplierOrderSubmissionCommand(orderId, event.allocationId()));
    }

    // ---- 3-4. submitted (by the supplier dispatcher): wait for acceptance until the supplier's SLA runs out;
    //      6. accepted: stop waiting, commit its stock ----

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderSubmittedEvent event) {
        var allocation = progress(event.allocationId());
        if (allocation.accepted || allocation.acceptanceDeadline != null) {
            return;
        }
        var sla = allocation.acceptanceSla == null ? OrderFulfillment.DEFAULT_ACCEPTANCE_SLA : allocation.acceptanceSla;
        allocation.acceptanceDeadline = deadlines.schedule(sla, ACCEPTANCE_DEADLINE, event.allocationId());
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderAcceptedEvent event) {
        var allocation = progress(event.allocationId());
        allocation.accepted = true;
        cancelAcceptanceDeadline(allocation);
        commitReservations(allocation, event.acceptedAt());
        if (allocation.acceptedAt == null) {
            allocation.acceptedAt = event.acceptedAt();
        }
    }

    /**
     * What the supplier accepted is committed (no longer ours to release at will, and not yet in its stock reports);
     * a later stock report settles it. Repeats change nothing on the position.
     */
    private void commitReservations(AllocationProgress allocation, Instant acceptedAt) {
        if (acceptedAt == null) {
            return;
        }
        allocation.reservedLines().forEach(line -> commands.sendAndWait(
                new CommitStockCommand(line.position(), orderId, line.lineId(), acceptedAt)));
    }

    @DeadlineHandler(deadlineName = ACCEPTANCE_DEADLINE)
    void onAcceptanceDeadline(AllocationId allocationId, @Timestamp Instant at) {
        var allocation = progress(allocationId);
        allocation.acceptanceDeadline = null;
        if (!allocation.accepted) {
            commands.sendAndWait(new TimeOutSupplierOrderCommand(orderId, allocationId, at));
        }
    }

    // ---- 5. rejected, timed out or failed: compensate ----

    /** The supplier said no: nothing exists there to cancel; release and re-route without it. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderRejectedEvent event, @Timestamp Instant at) {
        rerouteWithout(event.allocationId(), event.retailerId(), at);
    }

    /** The supplier never accepted: it may still hold the order, so it is asked to cancel it too. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderTimedOutEvent event, @Timestamp Instant at) {
        cancelAtSupplier(event.allocationId());
        rerouteWithout(event.allocationId(), event.retailerId(), at);
    }

    /** The submission failed for good: the supplier holds nothing (one idempotency key per allocation). */
    @SagaEventHandler(associationProperty = "orderId")
    void on(SupplierOrderSubmissionFailedEvent event, @Timestamp Instant at) {
        rerouteWithout(event.allocationId(), event.retailerId(), at);
    }

    private void cancelAtSupplier(AllocationId allocationId) {
        commands.sendAndWait(new RequestSupplierOrderCancellationCommand(orderId, allocationId,
                "supplier order " + allocationId.value() + " failed; re-routed elsewhere"));
    }

    /** Stops waiting for the allocation, gives its stock back and routes the order again (routing excludes it). */
    private void rerouteWithout(AllocationId allocationId, RetailerId retailer, Instant at) {
        var allocation = progress(allocationId);
        cancelAcceptanceDeadline(allocation);
        allocation.reservedLines().forEach(line -> release(allocation, line));
        commands.sendAndWait(new RouteOrderCommand(orderId, retailer, at));
    }

    // ---- 7. cancelled lines: release ----

    /** Cancelled lines give their stock back; the order emits OrderCompleted itself once nothing is left open. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderLinesCancelledEvent event) {
        var cancelledLines = event.lines().stream().map(LineQuantity::lineId).collect(Collectors.toSet());
        allocations.values().stream().flatMap(allocation -> allocation.reservedLines()
                        .filter(line -> cancelledLines.contains(line.lineId()))
                        .map(line -> Map.entry(allocation, line)))
                .sorted(Comparator.comparing(entry -> entry.getValue().position().value()))
                .forEach(entry -> release(entry.getKey(), entry.getValue()));
    }

    /**
     * Gives a line's stock back once: a reservation as it was made, a line the supplier had accepted with its
     * commitment (its units and when it was accepted).
     */
    private void release(AllocationProgress allocation, AllocatedLine line) {
        if (!allocation.released.add(line.lineId())) {
            return;
        }
        var at = allocation.acceptedAt;
        var commitment = at == null ? null : new ReleaseStockCommand.Commitment(line.supplierUnits(), at);
        commands.sendAndWait(new ReleaseStockCommand(line.position(), orderId, line.lineId(), commitment));
    }

    private void cancelAcceptanceDeadline(AllocationProgress allocation) {
        if (allocation.acceptanceDeadline != null) {
            deadlines.cancelSchedule(ACCEPTANCE_DEADLINE, allocation.acceptanceDeadline);
            allocation.acceptanceDeadline = null;
        }
    }

    private AllocationProgress progress(AllocationId allocationId) {
        return allocations.computeIfAbsent(allocationId, id -> new AllocationProgress());
    }

    // ---- held: wait for a person until the hold deadline; backorders retried ----

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

    // ---- 8. completed (every line delivered, cancelled or otherwise terminal): end ----

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCompletedEvent event) {
        allocations.values().forEach(this::cancelAcceptanceDeadline);
        cancelHoldDeadline();
    }

    // ---- state kept before one map held it per allocation: sagas stored so still load ----

    @JsonProperty("acceptanceSlas")
    private void storedAcceptanceSlas(Map<String, Duration> slas) {
        slas.forEach((allocation, sla) -> stored(allocation).acceptanceSla = sla);
    }

    @JsonProperty("acceptanceDeadlines")
    private void storedAcceptanceDeadlines(Map<String, String> scheduled) {
        scheduled.forEach((allocation, deadline) -> stored(allocation).acceptanceDeadline = deadline);
    }

    @JsonProperty("accepted")
    private void storedAccepted(Set<String> accepted) {
        accepted.forEach(allocation -> stored(allocation).accepted = true);
    }

    @JsonProperty("acceptedAt")
    private void storedAcceptedAt(Map<String, Instant> acceptedAt) {
        acceptedAt.forEach((allocation, at) -> stored(allocation).acceptedAt = at);
    }

    @JsonProperty("allocationLines")
    private void storedAllocationLines(Map<String, List<AllocatedLine>> lines) {
        lines.forEach((allocation, allocated) -> stored(allocation).lines = List.copyOf(allocated));
    }

    /** "allocation/line" of every line given back; an allocation id ("order-n") holds no slash. */
    @JsonProperty("released")
    private void storedReleased(Set<String> released) {
        released.forEach(entry -> {
            int slash = entry.indexOf('/');
            stored(entry.substring(0, slash)).released.add(entry.substring(slash + 1));
        });
    }

    private AllocationProgress stored(String allocation) {
        return progress(new AllocationId(allocation));
    }
}
