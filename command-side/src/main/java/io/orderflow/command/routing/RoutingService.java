package io.orderflow.command.routing;

import io.orderflow.command.order.ManualAllocationTicket;
import io.orderflow.command.order.RoutingTicket;
import io.orderflow.command.port.SupplierOffer;
import io.orderflow.command.routing.engine.Explanation;
import io.orderflow.command.routing.engine.RoutingDecision;
import io.orderflow.command.routing.engine.RoutingEngine;
import io.orderflow.command.routing.engine.SourceRef;
import io.orderflow.coreapi.order.AllocateOrderLinesManuallyCommand;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderOrderLinesCommand;
import io.orderflow.coreapi.order.HoldOrderCommand;
import io.orderflow.coreapi.order.OrderFulfillment;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.OrderStateConflict;
import io.orderflow.coreapi.order.PrepareManualAllocationCommand;
import io.orderflow.coreapi.order.ReleaseOrderHoldCommand;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.SelectSupplierCommand;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.routing.PreviewRoutingQuery;
import io.orderflow.coreapi.routing.RoutingPreview;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Routes an order: the engine proposes a plan from the stock read model (a forecast), reservations on the
 * StockPosition aggregates make it real, and the outcome is recorded on the order. A source whose reservation
 * falls short was raced by another order: it is excluded and the engine asked again. Every command sent here
 * joins the caller's unit of work, so reservations and allocations commit together or not at all.
 */
public class RoutingService {


    private final CommandGateway commands;
    private final RoutingInputs inputs;
    private final RoutingEngine engine;
    private final Clock clock;

    public RoutingService(CommandGateway commands, RoutingInputs inputs, RoutingEngine engine, Clock clock) {
        this.commands = commands;
        this.inputs = inputs;
        this.engine = engine;
        this.clock = clock;
    }

    @CommandHandler
    public void handle(RouteOrderCommand command) {
        RoutingTicket ticket = commands.sendAndWait(new StartOrderRoutingCommand(command.orderId(), command.requestedAt()));
        if (ticket.nothingToRoute()) {
            return;
        }
        var today = LocalDate.ofInstant(command.requestedAt(), ZoneOffset.UTC);
        Set<SourceRef> excluded = new HashSet<>();
        ticket.failedSources().forEach(f -> excluded.add(new SourceRef(f.supplierId(), f.locationId())));
        if (gaveUp(command, ticket)) {
            return;
        }
        var offers = inputs.offersById(command.retailerId());
        while (true) {
            var input = inputs.assemble(command.retailerId(), ticket.openLines(), ticket.destination(), ticket.channel(),
                    ticket.promiseBy(), today, excluded);
            var decision = engine.route(input);
            var shortSource = reserveAll(command.orderId(), decision);
            if (shortSource != null) {
                excluded.add(shortSource);
                continue;
            }
            var explanation = withFailures(explanation(decision.explanation()), ticket.failedSources());
            int number = ticket.allocationsSoFar();
            for (var allocation : decision.allocations()) {
                number++;
                var offer = offers.get(allocation.supplierId());
                commands.sendAndWait(new SelectSupplierCommand(command.orderId(),
                        new AllocationId(command.orderId().value() + "-" + number), allocation.supplierId(),
                        allocation.locationId(), priced(allocated(allocation), offer),
                        offer == null ? OrderFulfillment.DEFAULT_ACCEPTANCE_SLA : offer.acceptanceSla(), explanation,
                        decision.explanation().policyVersion()));
            }
            if (!decision.unroutable().isEmpty()) {
                recordUnroutable(command.orderId(), decision);
            }
            return;
        }
    }

    /**
     * After the policy's maximum number of re-routings (one per failed supplier order), the open lines are
     * backordered or the order held, as the policy says, with the failures as the reason.
     */
    private boolean gaveUp(RouteOrderCommand command, RoutingTicket ticket) {
        var policy = inputs.policy(command.retailerId());
        if (ticket.failedSources().size() <= policy.maxRerouteAttempts()) {
            return false;
        }
        var why = "gave up after " + ticket.failedSources().size() + " failed supplier orders (policy allows "
                + policy.maxRerouteAttempts() + " re-routings): " + ticket.failedSources().stream()
                .sorted(Comparator.comparing(RoutingTicket.FailedSource::allocationId))
                .map(f -> f.supplierId().value() + " " + f.reason()).collect(Collectors.joining("; "));
        if (policy.unroutable() == UnroutableAction.HOLD) {
            commands.sendAndWait(new HoldOrderCommand(command.orderId(), why));
        } else {
            commands.sendAndWait(new BackorderOrderLinesCommand(command.orderId(),
                    ticket.openLines().stream().map(l -> l.lineId()).toList(), why));
        }
        return true;
    }

    /** An excluded source's explanation says why it failed this order ("rejected: out of stock at supplier"). */
    static RoutingExplanation withFailures(RoutingExplanation explanation, Set<RoutingTicket.FailedSource> failures) {
        if (failures.isEmpty()) {
            return explanation;
        }
        var candidates = explanation.candidates().stream().map(c -> {
            var why = failures.stream()
                    .filter(f -> f.supplierId().value().equals(c.supplierId()) && Objects.equals(f.locationId(), c.locationId()))
                    .sorted(Comparator.comparing(RoutingTicket.FailedSource::allocationId))
                    .map(RoutingTicket.FailedSource::reason).toList();
            if (why.isEmpty()) {
                return c;
            }
            var reasons = new ArrayList<String>();
            for (String reason : c.reasons()) {
                reasons.add(reason.equals("already failed on this order")
                        ? reason + " (" + String.join("; ", why) + ")" : reason);
            }
            if (reasons.equals(c.reasons())) {
                reasons.add("already failed on this order (" + String.join("; ", why) + ")");
            }
            return new RoutingExplanation.Candidate(c.supplierId(), c.locationId(), c.eligible(), c.chosen(), reasons,
                    c.score(), c.breakdown(), c.distanceKm());
        }).toList();
        return new RoutingExplanation(explanation.policyVersion(), candidates, explanation.decision());
    }

    /**
     * A person's choice of supplier for some held or backordered lines. The choice overrides routing's filters
     * (destination, capacity, circuit) but not the catalog or the stock: every line needs the supplier's catalog
     * entry and is reserved at the chosen location like any routed line, and a line without enough stock there
     * refuses the whole request (nothing is reserved, nothing changes).
     */
    @CommandHandler
    public void handle(AllocateOrderLinesManuallyCommand command) {
        ManualAllocationTicket ticket = commands.sendAndWait(
                new PrepareManualAllocationCommand(command.orderId(), command.retailerId(), command.lineIds()));
        var offer = inputs.offersById(command.retailerId()).get(command.supplierId());
        if (offer == null) {
            throw new ManualAllocationRefused("no supplier " + command.supplierId() + " of this retailer");
        }
        if (offer.locations().stream().noneMatch(l -> l.locationId().equals(command.locationId()))) {
            throw new ManualAllocationRefused("supplier " + command.supplierId() + " has no location "
                    + command.locationId());
        }
        var allocated = new ArrayList<AllocatedLine>();
        for (OrderLine line : ticket.lines()) {
            var item = offer.catalog().get(line.sku());
            if (item == null) {
                throw new ManualAllocationRefused("supplier " + command.supplierId() + " has no catalog entry for "
                        + line.sku().value() + " (line " + line.lineId() + ")");
            }
            allocated.add(new AllocatedLine(line.lineId(), line.sku(), line.quantity(), item.supplierSku(),
                    item.variantId(), line.quantity() * item.unitsPerItem(),
                    StockPositionId.of(command.supplierId(), command.locationId(), item.supplierSku()),
                    offer.catalogVersion(), item.unitCost()));
        }
        allocated.sort(Comparator.comparing(l -> l.position().value()));
        for (AllocatedLine line : allocated) {
            if (!reserve(command.orderId(), line)) {
                // thrown, the unit of work rolls back: the reservations made so far are not kept
                throw new OrderStateConflict("not enough stock of " + line.supplierSku() + " at "
                        + command.supplierId() + "/" + command.locationId() + " for line " + line.lineId()
                        + " (" + line.supplierUnits() + " needed); nothing was assigned");
            }
        }
        var decision = "assigned by " + command.actor() + ": " + command.reason();
        var explanation = new RoutingExplanation("manual", List.of(new RoutingExplanation.Candidate(
                command.supplierId().value(), command.locationId(), true, true, List.of(decision), null, null, null)),
                decision);
        var ordered = ticket.lines().stream().map(l -> allocated.stream()
                .filter(a -> a.lineId().equals(l.lineId())).findFirst().orElseThrow()).toList();
        commands.sendAndWait(new SelectSupplierCommand(command.orderId(),
                new AllocationId(command.orderId().value() + "-" + (ticket.allocationsSoFar() + 1)),
                command.supplierId(), command.locationId(), ordered, offer.acceptanceSla() == null
                ? OrderFulfillment.DEFAULT_ACCEPTANCE_SLA : offer.acceptanceSla(), explanation, "manual"));
        if (ticket.endsHold()) {
            commands.sendAndWait(new ReleaseOrderHoldCommand(command.orderId(), command.retailerId(), command.actor(),
                    command.reason(), command.requestedAt()));
        }
    }

    /** The request names a supplier, location or SKU mapping that does not exist: the client's mistake (422). */
    public static final class ManualAllocationRefused extends IllegalArgumentException {
        ManualAllocationRefused(String message) {
            super(message);
        }
    }

    @QueryHandler
    public RoutingPreview handle(PreviewRoutingQuery query) {
        var today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        var decision = engine.route(inputs.assemble(query.retailerId(), query.lines(), query.destination(),
                query.channel(), query.promiseBy(), today, Set.of()));
        var plan = decision.allocations().stream()
                .map(a -> new RoutingPreview.PlannedAllocation(a.supplierId().value(), a.locationId(),
                        a.lines().stream().map(l -> new LineQuantity(l.lineId(), l.quantity())).toList(),
                        a.landedCost()))
                .toList();
        var unroutable = decision.unroutable().stream()
                .map(u -> new RoutingPreview.Unroutable(u.lineId(), u.reason())).toList();
        return new RoutingPreview(plan, unroutable, decision.onUnroutable().name(), explanation(decision.explanation()));
    }

    private void recordUnroutable(OrderId orderId, RoutingDecision decision) {
        var reasons = decision.unroutable().stream()
                .map(u -> "line " + u.lineId() + ": " + u.reason()).collect(Collectors.joining("; "));
        var lineIds = decision.unroutable().stream().map(RoutingDecision.UnroutableLine::lineId).toList();
        if (decision.onUnroutable() == UnroutableAction.HOLD) {
            commands.sendAndWait(new HoldOrderCommand(orderId, "no supplier can serve " + reasons));
        } else {
            commands.sendAndWait(new BackorderOrderLinesCommand(orderId, lineIds, reasons));
        }
    }

    /** Reserves every planned line in position order (a stable lock order); answers the source that fell short. */
    private SourceRef reserveAll(OrderId orderId, RoutingDecision decision) {
        var reserved = new ArrayList<AllocatedLine>();
        var lines = new ArrayList<Map.Entry<SourceRef, AllocatedLine>>();
        for (var allocation : decision.allocations()) {
            allocated(allocation).forEach(line -> lines.add(Map.entry(allocation.source(), line)));
        }
        lines.sort(Comparator.comparing(e -> e.getValue().position().value()));
        for (var entry : lines) {
            if (!reserve(orderId, entry.getValue())) {
                reserved.forEach(r -> commands.sendAndWait(new ReleaseStockCommand(r.position(), orderId, r.lineId())));
                return entry.getKey();
            }
            reserved.add(entry.getValue());
        }
        return null;
    }

    private boolean reserve(OrderId orderId, AllocatedLine line) {
        try {
            ReservationOutcome outcome = commands.sendAndWait(
                    new ReserveStockCommand(line.position(), orderId, line.lineId(), line.supplierUnits()));
            return outcome != ReservationOutcome.INSUFFICIENT;
        } catch (AggregateNotFoundException noStockEverReported) {
            return false;
        }
    }

    /** The unit cost of the catalog the engine routed with, recorded for billing. */
    private static List<AllocatedLine> priced(List<AllocatedLine> lines, SupplierOffer offer) {
        if (offer == null) {
            return lines;
        }
        return lines.stream().map(l -> {
            var item = offer.catalog().get(l.sku());
            return item == null ? l : new AllocatedLine(l.lineId(), l.sku(), l.quantity(), l.supplierSku(),
                    l.variantId(), l.supplierUnits(), l.position(), l.catalogVersion(), item.unitCost());
        }).toList();
    }

    private static List<AllocatedLine> allocated(RoutingDecision.Allocation allocation) {
        return allocation.lines().stream()
                .map(l -> new AllocatedLine(l.lineId(), l.sku(), l.quantity(), l.supplierSku(), l.variantId(),
                        l.supplierUnits(), StockPositionId.of(allocation.supplierId(), allocation.locationId(),
                        l.supplierSku()), l.catalogVersion()))
                .toList();
    }

    static RoutingExplanation explanation(Explanation explanation) {
        var candidates = explanation.candidates().stream().map(c -> {
            Map<String, Double> breakdown = null;
            if (c.breakdown() != null) {
                var b = c.breakdown();
                breakdown = new LinkedHashMap<>();
                breakdown.put("proximity", b.proximity());
                breakdown.put("cost", b.cost());
                breakdown.put("priority", b.priority());
                breakdown.put("promise", b.promise());
                breakdown.put("reliability", b.reliability());
                breakdown.put("stock", b.stock());
            }
            return new RoutingExplanation.Candidate(c.supplierId().value(), c.locationId(), c.eligible(), c.chosen(),
                    c.reasons(), c.score(), breakdown, c.distanceKm());
        }).toList();
        return new RoutingExplanation(explanation.policyVersion(), candidates, explanation.decision());
    }
}
