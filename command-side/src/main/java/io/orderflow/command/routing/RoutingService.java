package io.orderflow.command.routing;

import io.orderflow.command.order.RoutingTicket;
import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.BackorderOrderLinesCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.SelectSupplierCommand;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.stock.ReleaseStockCommand;
import io.orderflow.coreapi.stock.ReservationOutcome;
import io.orderflow.coreapi.stock.ReserveStockCommand;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Routes an order: asks the strategy for a plan, makes it real by reserving stock, and records the
 * outcome on the order. Every command it sends joins the caller's unit of work, so reservations and
 * the order's allocations commit together or not at all.
 */
public class RoutingService {

    private final CommandGateway commands;
    private final SupplierDirectory directory;
    private final RoutingStrategy strategy;

    public RoutingService(CommandGateway commands, SupplierDirectory directory, RoutingStrategy strategy) {
        this.commands = commands;
        this.directory = directory;
        this.strategy = strategy;
    }

    @CommandHandler
    public void handle(RouteOrderCommand command) {
        RoutingTicket ticket = commands.sendAndWait(new StartOrderRoutingCommand(command.orderId(), command.requestedAt()));
        if (ticket.nothingToRoute()) {
            return;
        }
        var lines = command.lines().stream().filter(l -> ticket.openLineIds().contains(l.lineId())).toList();
        var suppliers = directory.suppliersOf(command.retailerId());
        Set<Source> excluded = new HashSet<>();
        while (true) {
            var plan = strategy.plan(new RoutingRequest(command.destination(), lines, Set.copyOf(excluded)), suppliers);
            var failed = reserveAll(command.orderId(), plan);
            if (failed != null) {
                excluded.add(failed);
                continue;
            }
            int number = ticket.allocationsSoFar();
            for (var allocation : plan.allocations()) {
                number++;
                commands.sendAndWait(new SelectSupplierCommand(command.orderId(),
                        new AllocationId(command.orderId().value() + "-" + number), allocation.supplierId(),
                        allocation.locationId(), allocation.lines(), allocation.acceptanceSla(), plan.explanation(),
                        plan.policyVersion()));
            }
            if (!plan.unroutableLineIds().isEmpty()) {
                commands.sendAndWait(new BackorderOrderLinesCommand(command.orderId(), plan.unroutableLineIds(),
                        plan.explanation().decision()));
            }
            return;
        }
    }

    /** Reserves every planned line, in a fixed order to keep lock order stable; answers the source that fell short. */
    private Source reserveAll(OrderId orderId, RoutingPlan plan) {
        var reserved = new ArrayList<AllocatedLine>();
        for (var allocation : plan.allocations()) {
            var lines = allocation.lines().stream()
                    .sorted(Comparator.comparing(l -> l.position().value())).toList();
            for (var line : lines) {
                if (!reserve(orderId, line)) {
                    reserved.forEach(r -> commands.sendAndWait(new ReleaseStockCommand(r.position(), orderId, r.lineId())));
                    return allocation.source();
                }
                reserved.add(line);
            }
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
}
