package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A supplier as the engine sees it at routing time: its settings, its scorecard, its current catalog (retailer SKU
 * to item, at {@code catalogVersion}, which the allocations name) and the available-to-promise stock of each
 * location. {@code orderFee} (nullable) is a flat charge per supplier order. All of a supplier's prices must be in
 * one currency, and every item takes at least one supplier unit.
 */
public record CandidateSupplier(SupplierId id, boolean active, boolean circuitOpen, int priorityRank,
                                Set<String> shipsTo, int handlingDays, int dailyCapacity, int ordersToday,
                                Reliability reliability, List<Location> locations, Map<Sku, CatalogItem> catalog,
                                int catalogVersion, Money orderFee, Agreement agreement) {

    public CandidateSupplier {
        Objects.requireNonNull(id, "supplier id");
        shipsTo = Lookup.setOf(shipsTo.stream().map(c -> c.toUpperCase(Locale.ROOT)).collect(Collectors.toSet()));
        reliability = reliability == null ? Reliability.UNKNOWN : reliability;
        locations = List.copyOf(locations);
        agreement = agreement == null ? Agreement.NONE : agreement;
        String currency = orderFee == null ? null : orderFee.currency();
        for (CatalogItem item : catalog.values()) {
            Objects.requireNonNull(item.supplierSku(), "supplier sku");
            Objects.requireNonNull(item.unitCost(), "unit cost");
            if (item.unitsPerItem() < 1) {
                throw new IllegalArgumentException("unitsPerItem must be at least 1");
            }
            if (currency == null) {
                currency = item.unitCost().currency();
            } else if (!currency.equals(item.unitCost().currency())) {
                throw new IllegalArgumentException("supplier " + id + " prices in more than one currency");
            }
        }
        catalog = CatalogIndex.of(catalog, locations);
    }

    /** Scorecard rates in 0..1; null for a supplier too new to have one. */
    public record Reliability(Double acceptanceRate, Double onTimeRate) {

        public static final Reliability UNKNOWN = new Reliability(null, null);
    }

    /** Latitude and longitude may be null; {@code availableToPromise} maps supplier SKU to ATP in supplier units. */
    public record Location(String id, Double latitude, Double longitude, String country, String region,
                           Map<String, Integer> availableToPromise) {

        public Location {
            Objects.requireNonNull(id, "location id");
            availableToPromise = Lookup.mapOf(availableToPromise);
        }
    }

    /**
     * What the retailer's agreement with this supplier rules out. Regions are matched against the destination's
     * region and its country, so a whole country can be excluded; channels against the order's sales channel.
     */
    public record Agreement(Set<Sku> excludedSkus, Set<String> excludedRegions, Set<String> excludedChannels) {

        public static final Agreement NONE = new Agreement(Set.of(), Set.of(), Set.of());

        public Agreement {
            excludedSkus = Lookup.setOf(excludedSkus);
            excludedRegions = Lookup.setOf(excludedRegions);
            excludedChannels = Lookup.setOf(excludedChannels);
        }
    }
}
