package io.orderflow.command.routing;

import io.orderflow.command.port.RoutingPolicies;
import io.orderflow.command.port.StockAvailability;
import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.command.port.SupplierHealth;
import io.orderflow.command.port.SupplierOffer;
import io.orderflow.command.port.SupplierPerformance;
import io.orderflow.command.routing.engine.CandidateSupplier;
import io.orderflow.command.routing.engine.Policy;
import io.orderflow.command.routing.engine.RoutingInput;
import io.orderflow.command.routing.engine.SourceRef;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what a routing decision depends on (suppliers, catalogs, stock, scorecards, policy) through the ports
 * and puts it in the engine's terms. Routing and preview both come through here, so they see the same input.
 */
public class RoutingInputs {

    /** Used until a retailer publishes a policy of its own. */
    static final RoutingPolicies.ActivePolicy DEFAULT_POLICY = new RoutingPolicies.ActivePolicy(0, 1, 3,
            UnroutableAction.BACKORDER, RoutingWeights.balanced());

    private final SupplierDirectory directory;
    private final StockAvailability stock;
    private final SupplierPerformance performance;
    private final RoutingPolicies policies;
    private final SupplierHealth health;

    public RoutingInputs(SupplierDirectory directory, StockAvailability stock, SupplierPerformance performance,
                         RoutingPolicies policies) {
        this(directory, stock, performance, policies, SupplierHealth.ALL_CLOSED);
    }

    public RoutingInputs(SupplierDirectory directory, StockAvailability stock, SupplierPerformance performance,
                         RoutingPolicies policies, SupplierHealth health) {
        this.directory = directory;
        this.stock = stock;
        this.performance = performance;
        this.policies = policies;
        this.health = health;
    }

    RoutingInput assemble(RetailerId retailer, List<OrderLine> lines, Destination destination, String channel,
                          LocalDate promiseBy, LocalDate today, Set<SourceRef> excluded) {
        var skus = lines.stream().map(OrderLine::sku).collect(Collectors.toSet());
        var all = directory.suppliersOf(retailer);
        var offers = new ArrayList<SupplierOffer>(all.size());
        var sellingNone = new ArrayList<SupplierOffer>();
        for (SupplierOffer offer : all) {
            (skus.stream().anyMatch(offer.catalog()::containsKey) ? offers : sellingNone).add(offer);
        }
        var positions = new HashSet<StockPositionId>();
        for (SupplierOffer offer : offers) {
            for (var location : offer.locations()) {
                for (Sku sku : skus) {
                    var item = offer.catalog().get(sku);
                    if (item != null) {
                        positions.add(StockPositionId.of(offer.supplierId(), location.locationId(), item.supplierSku()));
                    }
                }
            }
        }
        var available = stock.availableToPromise(positions);
        var scorecards = performance.of(offers.stream().map(SupplierOffer::supplierId).toList(), today);
        var candidates = new ArrayList<CandidateSupplier>();
        for (SupplierOffer offer : offers) {
            var card = scorecards.get(offer.supplierId());
            // Only the order's SKUs: the engine looks up nothing else, and a whole catalog would cost every route.
            Map<Sku, CatalogItem> catalog = new HashMap<>();
            for (Sku sku : skus) {
                CatalogItem item = offer.catalog().get(sku);
                if (item != null) {
                    catalog.put(sku, item);
                }
            }
            var locations = offer.locations().stream().map(location -> {
                Map<String, Integer> atp = new HashMap<>();
                catalog.values().forEach(item -> {
                    var position = StockPositionId.of(offer.supplierId(), location.locationId(), item.supplierSku());
                    atp.put(item.supplierSku(), available.getOrDefault(position, 0));
                });
                return new CandidateSupplier.Location(location.locationId(), location.latitude(),
                        location.longitude(), location.country(), location.region(), atp);
            }).toList();
            candidates.add(new CandidateSupplier(offer.supplierId(), offer.active(),
                    health.circuitOpen(offer.supplierId()), offer.priority(),
                    offer.shipsTo(), offer.handlingDays(), offer.dailyCapacity(), card == null ? 0 : card.ordersOnDay(),
                    card == null ? CandidateSupplier.Reliability.UNKNOWN
                            : new CandidateSupplier.Reliability(card.acceptanceRate(), card.onTimeRate()),
                    locations, catalog, offer.catalogVersion(), null, CandidateSupplier.Agreement.NONE));
        }
        // The explanation names every supplier of the retailer; one that sells none of these SKUs is passed with an
        // empty catalog and no locations, and the engine says just that of it.
        for (SupplierOffer offer : sellingNone) {
            candidates.add(new CandidateSupplier(offer.supplierId(), offer.active(), false, offer.priority(),
                    offer.shipsTo(), offer.handlingDays(), offer.dailyCapacity(), 0,
                    CandidateSupplier.Reliability.UNKNOWN, List.of(), Map.of(), offer.catalogVersion(), null,
                    CandidateSupplier.Agreement.NONE));
        }
        return new RoutingInput(lines, destination, channel, promiseBy, today, excluded, candidates,
                policy(retailer));
    }

    Policy policy(RetailerId retailer) {
        var active = policies.current(retailer).orElse(DEFAULT_POLICY);
        var w = active.weights();
        return new Policy(String.valueOf(active.version()), active.maxSuppliersPerOrder(), active.maxRerouteAttempts(),
                active.unroutable(),
                new Policy.Weights(w.proximity(), w.cost(), w.priority(), w.promise(), w.reliability(), w.stock()));
    }

    Map<SupplierId, SupplierOffer> offersById(RetailerId retailer) {
        return directory.suppliersOf(retailer).stream()
                .collect(Collectors.toMap(SupplierOffer::supplierId, o -> o));
    }
}
