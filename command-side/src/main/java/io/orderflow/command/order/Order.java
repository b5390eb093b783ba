package io.orderflow.command.order;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.BackorderOrderLinesCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.FulfillmentCreatedEvent;
import io.orderflow.coreapi.order.HoldOrderCommand;
import io.orderflow.coreapi.order.OrderCompletedEvent;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderLinesBackorderedEvent;
import io.orderflow.coreapi.order.OrderPlacedEvent;
import io.orderflow.coreapi.order.OrderPutOnHoldEvent;
import io.orderflow.coreapi.order.OrderRoutingStartedEvent;
import io.orderflow.coreapi.order.PlaceOrderCommand;
import io.orderflow.coreapi.order.RecordSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.RequestSupplierOrderSubmissionCommand;
import io.orderflow.coreapi.order.SelectSupplierCommand;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.coreapi.order.ShipmentStatusChangedEvent;
import io.orderflow.coreapi.order.ShipmentTrackedEvent;
import io.orderflow.coreapi.order.ShippingAddress;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.order.SupplierOrderAcceptedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmissionRequestedEvent;
import io.orderflow.coreapi.order.SupplierOrderSubmittedEvent;
import io.orderflow.coreapi.order.SupplierOrderTimedOutEvent;
import io.orderflow.coreapi.order.SupplierSelectedEvent;
import io.orderflow.coreapi.order.TimeOutSupplierOrderCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
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
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One storefront order and the supplier orders (allocations) it was split into. Every command that
 * would change nothing (webhook repeats, retries, late reports) emits nothing.
 */
@Aggregate
public class Order {

    @AggregateIdentifier
    private OrderId orderId;
    private RetailerId retailerId;
    private ShippingAddress shipTo;
    private String channel;
    private LocalDate promiseBy;
    private final Map<String, OrderLine> lines = new LinkedHashMap<>();
    private final Set<String> backordered = new HashSet<>();
    private int routingAttempts;
    private boolean onHold;
    private boolean completed;

    // only the allocation an event names: each keeps its own status and packages
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private final Map<AllocationId, Allocation> allocations = new LinkedHashMap<>();

    protected Order() {
    }

    @CommandHandler
    public Order(PlaceOrderCommand command) {
        OrderRules.requireValidLines(command.lines());
        apply(new OrderPlacedEvent(command.orderId(), command.retailerId(), command.externalOrderId(),
                command.currency(), command.customer(), command.shipTo(), command.lines(), command.promiseBy(),
                command.channel(), command.placedAt()));
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
                .filter(a -> a.status() == AllocationStatus.TIMED_OUT)
                .map(a -> new RoutingTicket.FailedSource(a.supplierId(), a.locationId()))
                .collect(Collectors.toSet());
        return new RoutingTicket(routingAttempts, allocations.size(),
                openLineIds.stream().map(lines::get).toList(), shipTo.destination(), channel, promiseBy, failed);
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
                    allocation.supplierId(), allocation.lines(), shipTo));
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
    public void handle(TimeOutSupplierOrderCommand command) {
        var allocation = allocation(command.allocationId());
        if (allocation.isAwaitingAcceptance()) {
            apply(new SupplierOrderTimedOutEvent(orderId, retailerId, allocation.id(), allocation.supplierId(),
                    command.timedOutAt()));
            if (!onHold) {
                apply(new OrderPutOnHoldEvent(orderId, retailerId,
                        "Supplier " + allocation.supplierId() + " did not accept within its acceptance time"));
            }
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
        completeIfDone();
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

    /** Completed as of the last delivery (by the carrier's time), whichever report happened to arrive last. */
    private void completeIfDone() {
        if (!completed && isFinished()) {
            var at = allocations.values().stream().map(Allocation::lastDeliveredAt).filter(Objects::nonNull)
                    .max(Instant::compareTo).orElseThrow();
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

    private List<String> unallocatedLines() {
        var allocated = new HashSet<String>();
        allocations.values().forEach(a -> a.lines().forEach(l -> allocated.add(l.lineId())));
        return lines.keySet().stream().filter(id -> !allocated.contains(id)).toList();
    }

    /** The order is finished when every line is delivered: nothing more can happen to it. */
    private boolean isFinished() {
        if (!unallocatedLines().isEmpty()) {
            return false;
        }
        return allocations.values().stream().allMatch(Allocation::isFullyDelivered);
    }

    @EventSourcingHandler
    void on(OrderPlacedEvent event) {
        orderId = event.orderId();
        retailerId = event.retailerId();
        shipTo = event.shipTo();
        channel = event.channel();
        promiseBy = event.promiseBy();
        event.lines().forEach(line -> lines.put(line.lineId(), line));
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
