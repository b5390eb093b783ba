package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Agreement;
import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.command.routing.engine.CandidateSupplier.Reliability;
import io.orderflow.command.routing.engine.Policy.Weights;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builders for engine inputs: a supplier sells SKU "A" as "<supplier>-A" and stocks it per location. */
final class Fixtures {

    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);
    static final Destination PARIS = new Destination("FR", "IDF", "Paris", 48.8566, 2.3522);
    static final Destination PARIS_WITHOUT_COORDINATES = new Destination("FR", "IDF", "Paris", null, null);
    static final double[] NEAR_PARIS = {48.90, 2.40};
    static final double[] LYON = {45.76, 4.84};
    static final double[] MARSEILLE = {43.30, 5.37};

    static final int CATALOG_VERSION = 3;
    static final Weights PROXIMITY_ONLY = new Weights(1, 0, 0, 0, 0, 0);
    static final Weights COST_ONLY = new Weights(0, 1, 0, 0, 0, 0);
    static final Weights PRIORITY_ONLY = new Weights(0, 0, 1, 0, 0, 0);
    static final Weights PROMISE_ONLY = new Weights(0, 0, 0, 1, 0, 0);
    static final Weights RELIABILITY_ONLY = new Weights(0, 0, 0, 0, 1, 0);
    static final Weights STOCK_ONLY = new Weights(0, 0, 0, 0, 0, 1);

    private Fixtures() {
    }

    static Explanation.Candidate candidate(RoutingDecision decision, String supplierId, String locationId) {
        return decision.explanation().candidates().stream()
                .filter(c -> c.supplierId().value().equals(supplierId) && locationId.equals(c.locationId()))
                .findFirst().orElseThrow(() -> new AssertionError("no candidate " + supplierId + "@" + locationId));
    }

    /** "supplier@location: L1,L2" per allocation, in decision order. */
    static List<String> allocations(RoutingDecision decision) {
        return decision.allocations().stream()
                .map(a -> a.supplierId() + "@" + a.locationId() + ": "
                        + String.join(",", a.lines().stream().map(RoutingDecision.AllocationLine::lineId).toList()))
                .toList();
    }

    static List<String> unroutableLineIds(RoutingDecision decision) {
        return decision.unroutable().stream().map(RoutingDecision.UnroutableLine::lineId).toList();
    }

    static OrderLine line(String lineId, String sku, int quantity) {
        return new OrderLine(lineId, new Sku(sku), quantity, eur("25.00"));
    }

    static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    static Policy policy(int maxSuppliers, Weights weights) {
        return new Policy("policy-7", maxSuppliers, 3, UnroutableAction.BACKORDER, weights);
    }

    static SupplierFixture supplier(String id) {
        return new SupplierFixture(id);
    }

    /** A supplier with one location "w1" at the given place, selling and stocking (100) every given SKU. */
    static SupplierFixture stocked(String id, double[] at, String... skus) {
        var supplier = supplier(id).at("w1", at);
        for (String sku : skus) {
            supplier.sells(sku).stock(sku, 100);
        }
        return supplier;
    }

    static Order order(OrderLine... lines) {
        return new Order(List.of(lines));
    }

    static final class Order {
        List<OrderLine> lines;
        Destination destination = PARIS;
        String channel = "web";
        LocalDate promiseBy;
        Set<SourceRef> excluded = Set.of();
        Policy policy = Fixtures.policy(1, Weights.equal());

        Order(List<OrderLine> lines) {
            this.lines = lines;
        }

        Order to(Destination destination) {
            this.destination = destination;
            return this;
        }

        Order channel(String channel) {
            this.channel = channel;
            return this;
        }

        Order promiseBy(LocalDate promiseBy) {
            this.promiseBy = promiseBy;
            return this;
        }

        Order excluding(String supplierId, String locationId) {
            this.excluded = Set.of(new SourceRef(new SupplierId(supplierId), locationId));
            return this;
        }

        Order policy(Policy policy) {
            this.policy = policy;
            return this;
        }

        Order weights(Weights weights) {
            this.policy = new Policy(policy.version(), policy.maxSuppliersPerOrder(), policy.maxRerouteAttempts(),
                    policy.unroutable(), weights);
            return this;
        }

        Order maxSuppliers(int max) {
            this.policy = new Policy(policy.version(), max, policy.maxRerouteAttempts(), policy.unroutable(),
                    policy.weights());
            return this;
        }

        RoutingInput against(SupplierFixture... suppliers) {
            return new RoutingInput(lines, destination, channel, promiseBy, TODAY, excluded,
                    java.util.Arrays.stream(suppliers).map(SupplierFixture::build).toList(), policy);
        }

        RoutingDecision routedTo(SupplierFixture... suppliers) {
            return new RoutingEngine().route(against(suppliers));
        }
    }

    static final class SupplierFixture {
        final String id;
        boolean active = true;
        boolean circuitOpen;
        int rank = 1;
        Set<String> shipsTo = Set.of("FR");
        int handlingDays = 1;
        int dailyCapacity = 100;
        int ordersToday;
        Reliability reliability;
        final Map<String, LocationFixture> locations = new LinkedHashMap<>();
        LocationFixture lastLocation;
        final Map<Sku, CatalogItem> catalog = new HashMap<>();
        Money fee;
        Agreement agreement;

        SupplierFixture(String id) {
            this.id = id;
        }

        String supplierSku(String sku) {
            return id + "-" + sku;
        }

        SupplierFixture sells(String sku) {
            return sells(sku, 1, "10.00");
        }

        SupplierFixture sells(String sku, int unitsPerItem, String unitCost) {
            catalog.put(new Sku(sku), new CatalogItem(new Sku(sku), supplierSku(sku),
                    "gid://variant/" + supplierSku(sku), unitsPerItem, eur(unitCost)));
            return this;
        }

        SupplierFixture at(String locationId, double[] coordinates) {
            lastLocation = new LocationFixture(locationId, coordinates[0], coordinates[1], "FR", "IDF");
            locations.put(locationId, lastLocation);
            return this;
        }

        SupplierFixture atRegion(String locationId, String country, String region) {
            lastLocation = new LocationFixture(locationId, null, null, country, region);
            locations.put(locationId, lastLocation);
            return this;
        }

        /** Stock of a retailer SKU at the last location added, in supplier units. */
        SupplierFixture stock(String sku, int availableToPromise) {
            lastLocation.stock.put(supplierSku(sku), availableToPromise);
            return this;
        }

        SupplierFixture paused() {
            active = false;
            return this;
        }

        SupplierFixture circuitOpen() {
            circuitOpen = true;
            return this;
        }

        SupplierFixture rank(int rank) {
            this.rank = rank;
            return this;
        }

        SupplierFixture shipsTo(String... countries) {
            shipsTo = Set.of(countries);
            return this;
        }

        SupplierFixture handlingDays(int days) {
            handlingDays = days;
            return this;
        }

        SupplierFixture capacity(int ordersToday, int dailyCapacity) {
            this.ordersToday = ordersToday;
            this.dailyCapacity = dailyCapacity;
            return this;
        }

        SupplierFixture reliability(Double acceptanceRate, Double onTimeRate) {
            reliability = new Reliability(acceptanceRate, onTimeRate);
            return this;
        }

        SupplierFixture fee(String amount) {
            fee = eur(amount);
            return this;
        }

        SupplierFixture agreement(Agreement agreement) {
            this.agreement = agreement;
            return this;
        }

        CandidateSupplier build() {
            List<Location> built = new ArrayList<>();
            locations.values().forEach(l -> built.add(l.build()));
            return new CandidateSupplier(new SupplierId(id), active, circuitOpen, rank, shipsTo, handlingDays,
                    dailyCapacity, ordersToday, reliability, built, catalog, CATALOG_VERSION, fee, agreement);
        }
    }

    static final class LocationFixture {
        final String id;
        final Double latitude;
        final Double longitude;
        final String country;
        final String region;
        final Map<String, Integer> stock = new HashMap<>();

        LocationFixture(String id, Double latitude, Double longitude, String country, String region) {
            this.id = id;
            this.latitude = latitude;
            this.longitude = longitude;
            this.country = country;
            this.region = region;
        }

        Location build() {
            return new Location(id, latitude, longitude, country, region, stock);
        }
    }
}
