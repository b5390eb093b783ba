package io.orderflow.command.routing;

import io.orderflow.command.port.SupplierOffer;
import io.orderflow.coreapi.order.AllocatedLine;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.RoutingExplanation.Candidate;
import io.orderflow.coreapi.stock.StockPositionId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The first routing step: the whole order goes to the highest-priority active supplier location that
 * ships to the destination and sells every SKU. Stock is proven by reservation, not predicted here:
 * a source whose reservation fails comes back as excluded.
 */
public class HighestPriorityRouting implements RoutingStrategy {

    static final String VERSION = "highest-priority/1";

    @Override
    public RoutingPlan plan(RoutingRequest request, List<SupplierOffer> suppliers) {
        var candidates = new ArrayList<Candidate>();
        RoutingPlan.PlannedAllocation chosen = null;
        var ranked = suppliers.stream()
                .sorted(Comparator.comparingInt(SupplierOffer::priority).thenComparing(o -> o.supplierId().value()))
                .toList();
        for (SupplierOffer offer : ranked) {
            for (String location : offer.locationIds().stream().sorted().toList()) {
                var reasons = exclusionReasons(request, offer, new Source(offer.supplierId(), location));
                boolean eligible = reasons.isEmpty();
                if (eligible && chosen == null) {
                    chosen = new RoutingPlan.PlannedAllocation(offer.supplierId(), location,
                            allocate(request.lines(), offer, location), offer.acceptanceSla());
                    reasons = List.of("chosen: priority " + offer.priority());
                } else if (eligible) {
                    reasons = List.of("eligible, lower in priority");
                }
                candidates.add(new Candidate(offer.supplierId().value(), location, eligible, reasons));
            }
        }
        var lineIds = request.lines().stream().map(OrderLine::lineId).toList();
        if (chosen == null) {
            return new RoutingPlan(List.of(), lineIds,
                    new RoutingExplanation(VERSION, candidates, "no supplier can serve the whole order"), VERSION);
        }
        return new RoutingPlan(List.of(chosen), List.of(),
                new RoutingExplanation(VERSION, candidates,
                        "all lines to " + chosen.supplierId() + " at " + chosen.locationId()
                                + ", the highest-priority eligible source"),
                VERSION);
    }

    private static List<String> exclusionReasons(RoutingRequest request, SupplierOffer offer, Source source) {
        var reasons = new ArrayList<String>();
        if (!offer.active()) {
            reasons.add("supplier is paused");
        }
        if (!offer.shipsTo().contains(request.destination().country())) {
            reasons.add("does not ship to " + request.destination().country());
        }
        request.lines().stream()
                .filter(line -> !offer.catalog().containsKey(line.sku()))
                .forEach(line -> reasons.add("no catalog entry for " + line.sku()));
        if (request.excluded().contains(source)) {
            reasons.add("not enough stock for this order");
        }
        return reasons;
    }

    private static List<AllocatedLine> allocate(List<OrderLine> lines, SupplierOffer offer, String location) {
        return lines.stream().map(line -> {
            var entry = offer.catalog().get(line.sku());
            return new AllocatedLine(line.lineId(), line.sku(), line.quantity(), entry.supplierSku(),
                    line.quantity() * entry.unitsPerItem(),
                    StockPositionId.of(offer.supplierId(), location, entry.supplierSku()));
        }).toList();
    }
}
