package io.orderflow.command.order;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderRetryRequestedEvent;
import io.orderflow.coreapi.order.CancelBackorderCommand;
import io.orderflow.coreapi.order.ExpireOrderHoldCommand;
import io.orderflow.coreapi.order.OrderHoldExpiredEvent;
import io.orderflow.coreapi.order.OrderHoldReleasedEvent;
import io.orderflow.coreapi.order.OrderStateConflict;
import io.orderflow.coreapi.order.PrepareManualAllocationCommand;
import io.orderflow.coreapi.order.ReleaseOrderHoldCommand;
import io.orderflow.coreapi.order.RetryBackorderCommand;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.BackorderOrderLinesCommand;
import io.orderflow.coreapi.order.CancelOrderCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.FailSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.HoldOrderCommand;
import io.orderflow.coreapi.order.OrderCancellationDeclinedEvent;
import io.orderflow.coreapi.order.OrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderLinesCancelledEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.RecordRefusedSupplierReportCommand;
import io.orderflow.coreapi.order.RecordSupplierCancellationAnswerCommand;
import io.orderflow.coreapi.order.RecordSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RefundRequestedEvent;
import io.orderflow.coreapi.order.RejectSupplierOrderCommand;
import io.orderflow.coreapi.order.RequestSupplierOrderCancellationCommand;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.SelectSupplierCommand;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.ErasePersonalDataCommand;
import io.orderflow.coreapi.order.PersonalDataErasedEvent;
import io.orderflow.coreapi.order.SealedPersonalData;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderCancellationRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderRejectedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionFailedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierReportRefusedEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One storefront order and the supplier orders (allocations) it was split into. Every command that
 * would change nothing (webhook repeats, retries, late reports) emits nothing.
 */
@Aggregate(cache = "orderCache")
public class Order {

    @AggregateIdentifier
    private OrderId orderId;
    private RetailerId retailerId;
    private SealedPersonalData personalData;
    private Destination destination;
    private boolean personalDataErased;
    private String channel;
    private LocalDate promiseBy;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();
    private final Set<String> backordered = new HashSet<>();
    private final Map<String, Integer> cancelled = new HashMap<>();
    private int routingAttempts;
    private boolean onHold;
    private boolean completed;
    // failed allocations a person has already seen (a released hold, a retried backorder): routing tries their
    // sources again and does not count them against the policy's re-routing limit
    private final Set<AllocationId> forgiven = new HashSet<>();
    // report and reason of each refused supplier report: the same refusal again (a resent webhook) is not news
    private final Set<String> refusedReports = new HashSet<>();

    // only the allocation an event names: each keeps its own status and packages
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private final Map<AllocationId, Allocation> allocations = new LinkedHashMap<>();

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrderCommand command) {
        OrderRules.requireValidLines(command.lines());
        apply(new OrderPlacedEvent(command.orderId(), command.retailerId(), command.externalOrderId(),
                command.currency(), command.personalData(), command.destination(), command.lines(),
                command.promiseBy(), command.channel(), command.placedAt(), command.paymentReference(),
                command.consent()));
        if (command.holdReason() != null && !command.holdReason().isBlank()) {
            apply(new OrderPutOnHoldEvent(command.orderId(), command.retailerId(), command.holdReason()));
        }
    }

    /** Answers the lines still waiting for a supplier; an empty ticket means there is nothing to route. */
    @CommandHandler
    public RoutingTicket handle(StartOrderRoutingCommand command) {
        var open = unallocatedLines();
        if (open.isEmpty() || completed || onHold) {
            return ticket(List.of());
        }
        apply(new OrderRoutingStartedEvent(orderId, retailerId, routingAttempts + 1, command.startedAt()));
        return ticket(open);
    }

    private RoutingTicket ticket(List<String> openLineIds) {
        var failed = allocations.values().stream()
                .filter(a -> a.status().isFailed() && !forgiven.contains(a.id()))
                .map(a -> new RoutingTicket.FailedSource(a.supplierId(), a.locationId(), a.id().value(),
                        a.failureReason()))
                .collect(Collectors.toSet());
        return new RoutingTicket(routingAttempts, allocations.size(),
                openLineIds.stream().map(lines::get).toList(), destination, channel, promiseBy, failed);
    }

    /** The data key is already gone when this arrives; the event puts the erasure in the order's history. */
    @CommandHandler
    public void handle(ErasePersonalDataCommand command) {
        if (!retailerId.equals(command.retailerId())) {
            throw new OrderRuleViolation("the order belongs to another retailer");
        }
        if (!personalDataErased) {
            apply(new PersonalDataErasedEvent(orderId, retailerId, command.erasedAt()));
        }
    }

    @CommandHandler
    public void handle(HoldOrderCommand command) {
        if (!onHold && !completed) {
            apply(new OrderPutOnHoldEvent(orderId, retailerId, command.reason()));
        }
    }

    @CommandHandler
    public void handle(SelectSupplierCommand command) {
        if (allocations.containsKey(command.allocationId())) {
            return;
        }
        var open = unallocatedLines();
        for (AllocatedLine line : command.lines()) {
            if (!open.contains(line.lineId())) {
                throw new OrderRuleViolation("line " + line.lineId() + " is not waiting for a supplier");
            }
            if (line.quantity() != lines.get(line.lineId()).quantity()) {
                throw new OrderRuleViolation("line " + line.lineId() + " must be allocated whole");
            }
        }
        apply(new SupplierSelectedEvent(orderId, retailerId, command.allocationId(), command.supplierId(),
                command.locationId(), command.lines(), command.acceptanceSla(), command.explanation(),
                command.policyVersion()));
    }

    @CommandHandler
    public void handle(BackorderOrderLinesCommand command) {
        var open = unallocatedLines();
        var newlyBackordered = command.lineIds().stream()
                .filter(open::contains)
                .filter(id -> !backordered.contains(id))
                .toList();
        if (!newlyBackordered.isEmpty()) {
            apply(new OrderLinesBackorderedEvent(orderId, retailerId, newlyBackordered, command.reason()));
        }
    }

    @CommandHandler
    public void handle(RequestSupplierOrderSubmissionCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.status() == AllocationStatus.SELECTED) {
            apply(new SupplierOrderSubmissionRequestedEvent(orderId, retailerId, allocation.id(),
                    allocation.supplierId(), allocation.lines(), personalData));
        }
    }

    @CommandHandler
    public void handle(RecordSupplierOrderSubmissionCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.supplierOrderRef() == null && allocation.status().isAtLeast(AllocationStatus.SUBMISSION_REQUESTED)) {
            apply(new SupplierOrderSubmittedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    command.supplierOrderRef(), command.submittedAt()));
        }
    }

    @CommandHandler
    public void handle(AcceptSupplierOrderCommand command) {
        acceptIfAwaiting(allocation(command.allocationId()), command.acceptedAt());
    }

    @CommandHandler
    public void handle(RecordRefusedSupplierReportCommand command) {
        if (!refusedReports.contains(command.report() + "\n" + command.reason())) {
            apply(new SupplierReportRefusedEvent(orderId, retailerId, command.supplierId(), command.report(),
                    command.reason(), command.deliveryId(), command.receivedAt()));
        }
    }

    @CommandHandler
    public void handle(TimeOutSupplierOrderCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.isAwaitingAcceptance()) {
            // the saga compensates: cancel at the supplier, release, re-route without it
            apply(new SupplierOrderTimedOutEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    command.timedOutAt()));
            cancelLinesOfFailedAllocation(allocation, command.timedOutAt());
        }
    }

    @CommandHandler
    public void handle(CreateFulfillmentCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.hasFulfillment(command.fulfillmentId())) {
            return;
        }
        allocation.requireFulfillable(command.lines());
        acceptIfAwaiting(allocation, command.createdAt());
        apply(new FulfillmentCreatedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                command.fulfillmentId(), command.lines(), command.expectedShipDate(), command.createdAt()));
    }

    @CommandHandler
    public void handle(TrackShipmentCommand command) {
        var allocation = allocation(command.allocationId());
        var shipment = allocation.shipment(command.shipmentId());
        // tracking details reported after the delivery are still worth keeping; they move nothing back
        if (shipment.isTracked()) {
            return;
        }
        apply(new ShipmentTrackedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                shipment.id(), shipment.lines(), command.carrier(), command.trackingNumber(), command.trackingUrl(),
                command.trackedAt()));
    }

    @CommandHandler
    public void handle(DeliverShipmentCommand command) {
        var allocation = allocation(command.allocationId());
        var shipment = allocation.shipment(command.shipmentId());
        if (shipment.isDelivered() || shipment.isReturned()) {
            return;
        }
        apply(new ShipmentDeliveredEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                shipment.id(), shipment.lines(), command.deliveredAt()));
        completeIfDone(command.deliveredAt());
    }

    /** Carrier reports between tracking and delivery; late, repeated or backward ones change nothing. */
    @CommandHandler
    public void handle(ChangeShipmentStatusCommand command) {
        var allocation = allocation(command.allocationId());
        var shipment = allocation.shipment(command.shipmentId());
        if (command.status() == null || !shipment.wouldChange(command.status(), command.occurredAt())) {
            return;
        }
        apply(new ShipmentStatusChangedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                shipment.id(), command.status(), command.detail(), command.occurredAt()));
    }

    /**
     * Completed when every line is delivered or cancelled: as of the last delivery (by the carrier's time), whichever
     * report happened to arrive last, or {@code otherwise} when nothing was delivered (everything cancelled).
     */
    private void completeIfDone(Instant otherwise) {
        if (!completed && everyLineDeliveredOrCancelled()) {
            var at = allocations.values().stream().filter(a -> a.status().isLive()).map(Allocation::lastDeliveredAt)
                    .filter(Objects::nonNull).max(Instant::compareTo).orElse(otherwise);
            apply(new OrderCompletedEvent(orderId, retailerId, at));
        }
    }

    private void acceptIfAwaiting(Allocation allocation, Instant at) {
        if (allocation.isAwaitingAcceptance()) {
            apply(new SupplierOrderAcceptedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(), at));
        }
    }

    private Allocation allocation(AllocationId id) {
        var allocation = allocations.get(id);
        if (allocation == null) {
            throw new OrderRuleViolation("order " + orderId + " has no allocation " + id);
        }
        return allocation;
    }

    /** Lines that need a supplier: not cancelled, and in no allocation that is still alive. */
    private List<String> unallocatedLines() {
        var allocated = new HashSet<String>();
        allocations.values().stream().filter(a -> a.status().isLive())
                .forEach(a -> a.lines().forEach(l -> allocated.add(l.lineId())));
        return lines.keySet().stream().filter(id -> !allocated.contains(id)).filter(id -> !isCancelled(id)).toList();
    }

    /** The order (and its saga) is done when every line is delivered or cancelled. */
    private boolean everyLineDeliveredOrCancelled() {
        return lines.values().stream().allMatch(line -> isCancelled(line.lineId())
                || liveAllocationOf(line.lineId()).map(a -> a.deliveredQuantity(line.lineId()) >= line.quantity())
                .orElse(false));
    }

    private boolean isCancelled(String lineId) {
        return cancelled.getOrDefault(lineId, 0) >= lines.get(lineId).quantity();
    }

    private java.util.Optional<Allocation> liveAllocationOf(String lineId) {
        return allocations.values().stream().filter(a -> a.status().isLive() && a.contains(lineId)).findFirst();
    }

    // ---- people working the exceptions ----

    @CommandHandler
    public void handle(ReleaseOrderHoldCommand command) {
        requireRetailer(command.retailerId());
        if (!onHold) {
            throw new OrderStateConflict("order " + orderId + " is not on hold");
        }
        apply(new OrderHoldReleasedEvent(orderId, retailerId, command.actor(), command.reason(),
                command.releasedAt()));
    }

    /** The saga's hold deadline: a hold nobody released in time cancels the lines still waiting for a supplier. */
    @CommandHandler
    public void handle(ExpireOrderHoldCommand command) {
        if (!onHold || completed) {
            return;
        }
        var open = unallocatedLines();
        apply(new OrderHoldExpiredEvent(orderId, retailerId, command.heldFor(), open, command.expiredAt()));
        cancelLines(open, "on hold for longer than " + command.heldFor() + " without a release", command.expiredAt());
    }

    @CommandHandler
    public ManualAllocationTicket handle(PrepareManualAllocationCommand command) {
        requireRetailer(command.retailerId());
        if (command.lineIds() == null || command.lineIds().isEmpty()) {
            throw new OrderRuleViolation("name at least one line to assign");
        }
        var open = unallocatedLines();
        for (String lineId : command.lineIds()) {
            if (!lines.containsKey(lineId)) {
                throw new OrderRuleViolation("the order has no line " + lineId);
            }
            if (!open.contains(lineId)) {
                throw new OrderStateConflict("line " + lineId + " is not waiting for a supplier");
            }
            if (!onHold && !backordered.contains(lineId)) {
                throw new OrderStateConflict("line " + lineId + " is neither on hold nor backordered; routing still "
                        + "owns it");
            }
        }
        boolean endsHold = onHold && open.stream().allMatch(command.lineIds()::contains);
        return new ManualAllocationTicket(command.lineIds().stream().distinct().map(lines::get).toList(),
                allocations.size(), endsHold);
    }

    @CommandHandler
    public void handle(RetryBackorderCommand command) {
        requireRetailer(command.retailerId());
        var waiting = backorderedLines();
        if (waiting.isEmpty()) {
            throw new OrderStateConflict("order " + orderId + " has no backordered line");
        }
        apply(new BackorderRetryRequestedEvent(orderId, retailerId, waiting, command.actor(), command.reason(),
                command.requestedAt()));
    }

    @CommandHandler
    public void handle(CancelBackorderCommand command) {
        requireRetailer(command.retailerId());
        var waiting = backorderedLines();
        if (waiting.isEmpty()) {
            throw new OrderStateConflict("order " + orderId + " has no backordered line");
        }
        var why = command.reason() == null || command.reason().isBlank() ? "" : ": " + command.reason();
        cancelLines(waiting, "backorder cancelled by " + command.actor() + why, command.requestedAt());
    }

    /** Backordered lines still waiting for a supplier, in the order's line order. */
    private List<String> backorderedLines() {
        return unallocatedLines().stream().filter(backordered::contains).toList();
    }

    // another retailer's order is no order at all to this caller
    private void requireRetailer(RetailerId caller) {
        if (!retailerId.equals(caller)) {
            throw new AggregateNotFoundException(orderId.value(), "no such order");
        }
    }

    private void forgiveFailures() {
        allocations.values().stream().filter(a -> a.status().isFailed()).map(Allocation::id).forEach(forgiven::add);
    }

    @EventSourcingHandler
    void on(OrderHoldReleasedEvent event) {
        onHold = false;
        forgiveFailures();
    }

    @EventSourcingHandler
    void on(OrderHoldExpiredEvent event) {
        onHold = false;
    }

    @EventSourcingHandler
    void on(BackorderRetryRequestedEvent event) {
        forgiveFailures();
    }

    // ---- compensation and storefront cancellation ----

    @CommandHandler
    public void handle(RejectSupplierOrderCommand command) {
        var allocation = allocation(command.allocationId());
        // a supplier may take back an acceptance (a Shopify order is accepted on creation and cancelled by the shop
        // later) until it has fulfilled something; from then on only a return can undo it
        if (allocation.status().isLive() && !allocation.hasFulfillments()) {
            apply(new SupplierOrderRejectedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    command.reason(), command.rejectedAt()));
            cancelLinesOfFailedAllocation(allocation, command.rejectedAt());
        }
    }

    @CommandHandler
    public void handle(FailSupplierOrderSubmissionCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.status() == AllocationStatus.SUBMISSION_REQUESTED && allocation.supplierOrderRef() == null) {
            apply(new SupplierOrderSubmissionFailedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    command.reason(), command.failedAt()));
            cancelLinesOfFailedAllocation(allocation, command.failedAt());
        }
    }

    /** Compensation: whatever the supplier holds of a failed allocation is cancelled there; its answer is noted. */
    @CommandHandler
    public void handle(RequestSupplierOrderCancellationCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.status().isFailed() && allocation.supplierOrderRef() != null) {
            apply(new SupplierOrderCancellationRequestedEvent(orderId, retailerId, allocation.id(),
                    allocation.supplierId(), command.reason()));
        }
    }

    /**
     * The storefront cancels lines. Lines without a supplier order yet are cancelled now (the saga releases their
     * reservations); for the others the supplier is asked and its answer followed. Shipped lines are refused,
     * and so is a request that would split a supplier order (it is cancelled whole or not at all).
     */
    @CommandHandler
    public void handle(CancelOrderCommand command) {
        requireRetailer(command.retailerId());
        var plan = CancellationPlan.of(command, lines, cancelled, allocations.values());
        if (plan.changesNothing()) {
            return;
        }
        apply(new OrderCancellationRequestedEvent(orderId, retailerId, plan.lineIds(), plan.reason(),
                command.requestedAt()));
        for (var ask : plan.askSuppliers()) {
            apply(new SupplierOrderCancellationRequestedEvent(orderId, retailerId, ask.allocationId(),
                    ask.supplierId(), plan.reason()));
        }
        cancelLines(plan.cancelNow(), plan.reason(), command.requestedAt());
    }

    @CommandHandler
    public void handle(RecordSupplierCancellationAnswerCommand command) {
        var allocation = allocation(command.allocationId());
        var reason = allocation.pendingCancellation();
        if (reason == null) {
            return;
        }
        if (RecordSupplierCancellationAnswerCommand.TOO_LATE.equals(command.answer())) {
            apply(new OrderCancellationDeclinedEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    allocation.lines().stream().map(AllocatedLine::lineId).toList(),
                    "supplier " + allocation.supplierId() + " has already shipped and cannot cancel",
                    command.answeredAt()));
        } else {
            cancelLines(allocation.lines().stream().map(AllocatedLine::lineId).toList(), reason, command.answeredAt());
        }
    }

    /** A supplier order that failed while the storefront was cancelling it: its lines are simply cancelled. */
    private void cancelLinesOfFailedAllocation(Allocation allocation, Instant at) {
        var reason = allocation.pendingCancellation();
        if (reason != null) {
            cancelLines(allocation.lines().stream().map(AllocatedLine::lineId).toList(), reason, at);
        }
    }

    private void cancelLines(List<String> lineIds, String reason, Instant at) {
        var quantities = lineIds.stream().filter(id -> !isCancelled(id))
                .map(id -> new LineQuantity(id, lines.get(id).quantity() - cancelled.getOrDefault(id, 0))).toList();
        if (quantities.isEmpty()) {
            return;
        }
        apply(new OrderLinesCancelledEvent(orderId, retailerId, quantities, reason, at));
        Money amount = null;
        for (LineQuantity q : quantities) {
            var price = lines.get(q.lineId()).unitPrice().times(q.quantity());
            amount = amount == null ? price : new Money(amount.amount().add(price.amount()), price.currency());
        }
        apply(new RefundRequestedEvent(orderId, retailerId, quantities, amount, reason, at));
        completeIfDone(at);
    }

    @EventSourcingHandler
    void on(SupplierReportRefusedEvent event) {
        refusedReports.add(event.report() + "\n" + event.reason());
    }

    @EventSourcingHandler
    void on(SupplierOrderCancellationRequestedEvent event) {
        var allocation = allocations.get(event.allocationId());
        if (allocation != null && allocation.status().isLive()) {
            allocation.cancellationRequested(event.reason());
        }
    }

    @EventSourcingHandler
    void on(OrderLinesCancelledEvent event) {
        event.lines().forEach(l -> cancelled.merge(l.lineId(), l.quantity(), Integer::sum));
        allocations.values().stream()
                .filter(a -> a.lines().stream().allMatch(l -> isCancelled(l.lineId())))
                .forEach(Allocation::cancelled);
        backordered.removeAll(event.lines().stream().map(LineQuantity::lineId).toList());
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        retailerId = event.retailerId();
        personalData = event.personalData();
        destination = event.destination();
        channel = event.channel();
        promiseBy = event.promiseBy();
        event.lines().forEach(line -> lines.put(line.lineId(), line));
    }

    @EventSourcingHandler
    void on(PersonalDataErasedEvent event) {
        personalDataErased = true;
    }

    @EventSourcingHandler
    void on(OrderRoutingStartedEvent event) {
        routingAttempts = event.attempt();
    }

    @EventSourcingHandler
    void on(SupplierSelectedEvent event) {
        allocations.put(event.allocationId(),
                new Allocation(event.allocationId(), event.supplierId(), event.locationId(), event.lines()));
        event.lines().forEach(line -> backordered.remove(line.lineId()));
    }

    @EventSourcingHandler
    void on(OrderLinesBackorderedEvent event) {
        backordered.addAll(event.lineIds());
    }

    @EventSourcingHandler
    void on(OrderPutOnHoldEvent event) {
        onHold = true;
    }

    @EventSourcingHandler
    void on(OrderCompletedEvent event) {
        completed = true;
    }
}
