package io.orderflow.bench;

import io.orderflow.command.routing.engine.CandidateSupplier;
import io.orderflow.command.routing.engine.CandidateSupplier.Agreement;
import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.command.routing.engine.CandidateSupplier.Reliability;
import io.orderflow.command.routing.engine.Policy;
import io.orderflow.command.routing.engine.RoutingInput;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A retailer's routing world, the same for every seed: a few broad suppliers (warehouses, 3PLs) that list most of
 * the 500 SKUs and many narrow drop-shippers that list a few percent, 1–3 European locations each, patchy stock,
 * some packs of 6, some suppliers paused, tripped, at capacity, new or not shipping to every country.
 */
final class GeneratedRoutingData {

    static final int SKUS = 500;
    static final String[] COUNTRIES = {"FR", "DE", "BE", "NL", "ES", "IT"};
    static final double[][] COUNTRY_CENTRES = {{46.6, 2.4}, {51.1, 10.4}, {50.6, 4.6}, {52.2, 5.3}, {40.4, -3.7}, {42.8, 12.5}};
    static final LocalDate TODAY = LocalDate.of(2025, 3, 10);

    private GeneratedRoutingData() {
    }

    static List<CandidateSupplier> suppliers(Random random, int count) {
        List<CandidateSupplier> suppliers = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            boolean broad = s % 15 == 0;
            double share = broad ? 0.6 + random.nextDouble() * 0.3 : 0.02 + random.nextDouble() * 0.18;
            Map<Sku, CatalogItem> catalog = new HashMap<>();
            for (int k = 0; k < SKUS; k++) {
                if (random.nextDouble() < share) {
                    int units = random.nextInt(10) == 0 ? 6 : 1;
                    catalog.put(sku(k), new CatalogItem(sku(k), "SUP" + s + "-" + k,
                            "gid://shopify/ProductVariant/" + s + k, units,
                            new Money(BigDecimal.valueOf(200 + random.nextInt(5000), 2), "EUR")));
                }
            }
            List<Location> locations = new ArrayList<>();
            int locationCount = 1 + random.nextInt(3);
            for (int l = 0; l < locationCount; l++) {
                int c = random.nextInt(COUNTRIES.length);
                Map<String, Integer> atp = new HashMap<>();
                for (CatalogItem item : catalog.values()) {
                    if (random.nextInt(5) != 0) {
                        atp.put(item.supplierSku(), random.nextInt(60));
                    }
                }
                boolean located = random.nextInt(10) != 0;
                locations.add(new Location("LOC-" + l, located ? COUNTRY_CENTRES[c][0] + random.nextGaussian() * 1.5 : null,
                        located ? COUNTRY_CENTRES[c][1] + random.nextGaussian() * 1.5 : null, COUNTRIES[c],
                        COUNTRIES[c] + "-" + random.nextInt(5), atp));
            }
            Set<String> shipsTo = new HashSet<>();
            for (String country : COUNTRIES) {
                if (random.nextInt(6) != 0) {
                    shipsTo.add(country);
                }
            }
            int capacity = 50 + random.nextInt(400);
            int ordersToday = random.nextInt(20) == 0 ? capacity : random.nextInt(capacity);
            var reliability = random.nextInt(8) == 0 ? Reliability.UNKNOWN
                    : new Reliability(0.7 + random.nextDouble() * 0.3, 0.6 + random.nextDouble() * 0.4);
            var agreement = random.nextInt(10) == 0
                    ? new Agreement(Set.of(sku(random.nextInt(SKUS))), Set.of(), Set.of("marketplace"))
                    : Agreement.NONE;
            suppliers.add(new CandidateSupplier(new SupplierId(String.format("SUP-%03d", s)), random.nextInt(20) != 0,
                    random.nextInt(50) == 0, 1 + random.nextInt(10), shipsTo, 1 + random.nextInt(4), capacity,
                    ordersToday, reliability, locations, catalog, 1 + s % 4,
                    random.nextBoolean() ? null : new Money(BigDecimal.valueOf(random.nextInt(500), 2), "EUR"),
                    agreement));
        }
        return suppliers;
    }

    static RoutingInput order(Random random, int lineCount, List<CandidateSupplier> suppliers, Policy policy) {
        List<OrderLine> lines = new ArrayList<>(lineCount);
        Set<Integer> skus = new HashSet<>();
        while (lines.size() < lineCount) {
            int k = random.nextInt(SKUS);
            if (skus.add(k)) {
                lines.add(new OrderLine("L" + (lines.size() + 1), sku(k), 1 + random.nextInt(4),
                        new Money(BigDecimal.valueOf(999 + random.nextInt(9000), 2), "EUR")));
            }
        }
        int c = random.nextInt(COUNTRIES.length);
        boolean located = random.nextInt(5) != 0;
        var destination = new Destination(COUNTRIES[c], COUNTRIES[c] + "-" + random.nextInt(5), "City",
                located ? COUNTRY_CENTRES[c][0] + random.nextGaussian() : null,
                located ? COUNTRY_CENTRES[c][1] + random.nextGaussian() : null);
        return new RoutingInput(lines, destination, random.nextInt(4) == 0 ? "marketplace" : "web",
                random.nextBoolean() ? TODAY.plusDays(2 + random.nextInt(5)) : null, TODAY, Set.of(), suppliers, policy);
    }

    /**
     * The same order with each supplier cut down to the catalog entries and stock of the order's SKUs: what an
     * adapter that queries by the order's SKUs hands the engine. The decision is the same; only the input is smaller.
     */
    static RoutingInput trimmedToOrderSkus(RoutingInput order) {
        Set<Sku> skus = new HashSet<>();
        order.lines().forEach(line -> skus.add(line.sku()));
        List<CandidateSupplier> trimmed = new ArrayList<>(order.suppliers().size());
        for (CandidateSupplier s : order.suppliers()) {
            Map<Sku, CatalogItem> catalog = new HashMap<>();
            Set<String> supplierSkus = new HashSet<>();
            for (Sku sku : skus) {
                CatalogItem item = s.catalog().get(sku);
                if (item != null) {
                    catalog.put(sku, item);
                    supplierSkus.add(item.supplierSku());
                }
            }
            List<Location> locations = new ArrayList<>();
            for (Location l : s.locations()) {
                Map<String, Integer> atp = new HashMap<>();
                for (String supplierSku : supplierSkus) {
                    Integer available = l.availableToPromise().get(supplierSku);
                    if (available != null) {
                        atp.put(supplierSku, available);
                    }
                }
                locations.add(new Location(l.id(), l.latitude(), l.longitude(), l.country(), l.region(), atp));
            }
            trimmed.add(new CandidateSupplier(s.id(), s.active(), s.circuitOpen(), s.priorityRank(), s.shipsTo(),
                    s.handlingDays(), s.dailyCapacity(), s.ordersToday(), s.reliability(), locations, catalog,
                    s.catalogVersion(), s.orderFee(), s.agreement()));
        }
        return new RoutingInput(order.lines(), order.destination(), order.channel(), order.promiseBy(), order.today(),
                order.excluded(), trimmed, order.policy());
    }

    static Policy policy(int maxSuppliersPerOrder) {
        return new Policy("bench-1", maxSuppliersPerOrder, 3, UnroutableAction.BACKORDER,
                new Policy.Weights(3, 2, 1, 2, 1, 0.5));
    }

    private static Sku sku(int k) {
        return new Sku(String.format("SKU-%04d", k));
    }
}
