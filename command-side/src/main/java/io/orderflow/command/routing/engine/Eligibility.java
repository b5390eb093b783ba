package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the sources of one route and what each may take. A source may take a line only if every filter passes for
 * that pair, stock for the whole line included; lines are never divided. A supplier that fails a filter of its own
 * (paused, circuit, area, capacity, agreement) is explained by those reasons only: its lines are not looked up.
 * <p>
 * Catalog and stock lookups are most of the engine's time with 200 suppliers, so they run in loops of their own,
 * where the processor overlaps their cache misses, and reasons are built afterwards. The scratch arrays serve one
 * supplier or location at a time, so that a route allocates little beyond its answer.
 */
final class Eligibility {

    private final RouteState state;
    private final long[] need;
    private final int[] stockKeys;
    private final int[] previousSameSku;
    private final int[] atp;
    private final long[] drawn;
    private final String[] shortages;
    // what the supplier in hand cannot sell at any of its locations, or null
    private String missingReason;
    private String excludedSkuReason;

    Eligibility(RouteState state) {
        this.state = state;
        int n = state.lines.length;
        this.need = new long[n];
        this.stockKeys = new int[n];
        this.previousSameSku = new int[n];
        this.atp = new int[n];
        this.drawn = new long[n];
        this.shortages = new String[n];
    }

    /** Adds every supplier's sources to the route's state, in supplier id, location id order. */
    void findSources() {
        for (int s = 0; s < state.suppliers.length; s++) {
            filter(s);
        }
    }

    private void filter(int supplierIndex) {
        CandidateSupplier supplier = state.suppliers[supplierIndex];
        if (supplier.catalog().isEmpty()) {
            sellsNone(supplier, supplierIndex);
            return;
        }
        List<String> supplierReasons = supplierReasons(supplier);
        if (!supplierReasons.isEmpty()) {
            excludeWhole(supplier, supplierIndex, supplierReasons);
            return;
        }
        var catalog = (CatalogIndex) supplier.catalog(); // always, see CandidateSupplier's constructor
        int[] entries = lookUp(supplierIndex, catalog);
        state.feeBySupplier[supplierIndex] = supplier.orderFee() == null ? 0
                : supplier.orderFee().amount().doubleValue();
        int listed = screen(supplier, catalog, entries);
        boolean sharesStock = listed > 1 && linkLinesSharingStock(catalog, entries);
        var locations = supplier.locations();
        if (locations.isEmpty()) {
            withoutLocations(supplier, supplierIndex, List.of());
            return;
        }
        for (int position : byLocationId(locations)) {
            state.sources.add(at(supplier, supplierIndex, position, catalog, entries, sharesStock));
        }
    }

    /** Per line, its catalog entry, or -1 when the supplier does not list it. */
    private int[] lookUp(int supplierIndex, CatalogIndex catalog) {
        int n = state.lines.length;
        int[] entries = new int[n];
        for (int i = 0; i < n; i++) {
            entries[i] = catalog.entryOf(state.skus[i], state.skuHashes[i]);
        }
        state.catalogs[supplierIndex] = catalog;
        state.entriesBySupplier[supplierIndex] = entries;
        return entries;
    }

    /**
     * Rules out the lines whose SKU the agreement excludes (their entry becomes -1), fills {@link #need} for the
     * others, and words the reasons for the lines the supplier cannot sell anywhere. Returns how many it can.
     */
    private int screen(CandidateSupplier supplier, CatalogIndex catalog, int[] entries) {
        var missing = new SkuList();
        var excludedSkus = new SkuList();
        var agreementSkus = supplier.agreement().excludedSkus();
        int listed = 0;
        for (int i = 0; i < entries.length; i++) {
            int entry = entries[i];
            if (entry < 0) {
                missing.add(i, state.firstWithItsSku[i]);
            } else if (!agreementSkus.isEmpty() && agreementSkus.contains(state.skus[i])) {
                excludedSkus.add(i, state.firstWithItsSku[i]);
                entries[i] = -1;
            } else {
                need[i] = (long) state.quantities[i] * catalog.unitsPerItem(entry);
                listed++;
            }
        }
        missingReason = missing.isEmpty() ? null : "no catalog entry for " + missing.describe(state.skus);
        excludedSkuReason = excludedSkus.isEmpty() ? null
                : "excluded by agreement for " + excludedSkus.describe(state.skus);
        return listed;
    }

    /** The supplier's location at {@code position} in its list, as a source. */
    private Source at(CandidateSupplier supplier, int supplierIndex, int position, CatalogIndex catalog,
                      int[] entries, boolean sharesStock) {
        Location location = supplier.locations().get(position);
        var source = new Source(supplier, supplierIndex, location);
        int[] stock = catalog.stock(position);
        for (int i = 0; i < entries.length; i++) {
            atp[i] = entries[i] < 0 ? 0 : stock[entries[i]];
        }
        source.measured = true;
        source.estimated = !state.distance.measurable(location);
        source.km = state.distance.km(location);
        source.mask = new long[state.words];
        if (state.alreadyFailed(supplier, location)) {
            source.reason("already failed on this order");
            return source;
        }
        if (missingReason != null) {
            source.reason(missingReason);
        }
        if (excludedSkuReason != null) {
            source.reason(excludedSkuReason);
        }
        draw(source, entries, sharesStock);
        if (source.servable > 0) {
            source.atp = atp.clone();
        }
        return source;
    }

    /** Marks the lines whose whole quantity the source's stock ({@link #atp}) covers; the others get a reason. */
    private void draw(Source source, int[] entries, boolean sharesStock) {
        int n = entries.length;
        boolean anyShort = false;
        for (int i = 0; i < n; i++) {
            if (entries[i] < 0) {
                continue;
            }
            // stock already promised to an earlier line of this order drawing on the same supplier SKU
            long before = sharesStock && previousSameSku[i] >= 0 ? drawn[previousSameSku[i]] : 0;
            if (sharesStock) {
                drawn[i] = before;
            }
            long available = atp[i] - before;
            if (available < need[i]) {
                anyShort = true;
                shortages[state.inputPosition[i]] = "only " + Math.max(0, available)
                        + (before == 0 ? " available, " : " available after earlier lines, ") + need[i]
                        + " needed for line " + state.lines[i].lineId();
                continue;
            }
            if (sharesStock) {
                drawn[i] = before + need[i];
            }
            source.mask[i >>> 6] |= 1L << i;
            source.servable++;
        }
        if (anyShort) {
            for (int p = 0; p < n; p++) {
                if (shortages[p] != null) {
                    source.reason(shortages[p]);
                    shortages[p] = null;
                }
            }
        }
    }

    /**
     * A supplier that lists none of the order's SKUs (routing passes catalogs cut down to them) is one candidate
     * with one reason, whatever else might be said of it: an auditor sees that it was considered, and it costs
     * nothing to say.
     */
    private void sellsNone(CandidateSupplier supplier, int supplierIndex) {
        var skusOfOrder = new SkuList();
        for (int i : state.byInputPosition()) {
            skusOfOrder.add(i, state.firstWithItsSku[i]);
        }
        var source = new Source(supplier, supplierIndex, null);
        source.reasons = List.of("no catalog entry for " + skusOfOrder.describe(state.skus));
        source.sellsNone = true;
        source.mask = new long[state.words];
        state.sources.add(source);
    }

    private void excludeWhole(CandidateSupplier supplier, int supplierIndex, List<String> reasons) {
        var locations = supplier.locations();
        for (int position : byLocationId(locations)) {
            var source = new Source(supplier, supplierIndex, locations.get(position));
            source.reasons = reasons;
            source.mask = new long[state.words];
            state.sources.add(source);
        }
        if (locations.isEmpty()) {
            withoutLocations(supplier, supplierIndex, reasons);
        }
    }

    private void withoutLocations(CandidateSupplier supplier, int supplierIndex, List<String> reasons) {
        var source = new Source(supplier, supplierIndex, null);
        source.reasons = reasons;
        source.reason("has no locations");
        source.estimated = true;
        source.mask = new long[state.words];
        state.sources.add(source);
    }

    /** Positions in the supplier's location list, in location id order (stable, as a sort of the list was). */
    private static int[] byLocationId(List<Location> locations) {
        int[] order = new int[locations.size()];
        for (int p = 0; p < order.length; p++) {
            int q = p;
            String id = locations.get(p).id();
            while (q > 0 && locations.get(order[q - 1]).id().compareTo(id) > 0) {
                order[q] = order[q - 1];
                q--;
            }
            order[q] = p;
        }
        return order;
    }

    private List<String> supplierReasons(CandidateSupplier supplier) {
        String country = state.country;
        if (supplier.active() && !supplier.circuitOpen() && supplier.shipsTo().contains(country)
                && supplier.ordersToday() < supplier.dailyCapacity()
                && supplier.agreement().excludedChannels().isEmpty()
                && supplier.agreement().excludedRegions().isEmpty()) {
            return List.of();
        }
        List<String> reasons = new ArrayList<>(2);
        if (!supplier.active()) {
            reasons.add("supplier is paused");
        }
        if (supplier.circuitOpen()) {
            reasons.add("circuit open");
        }
        if (!supplier.shipsTo().contains(country)) {
            reasons.add("does not ship to " + country);
        }
        if (supplier.ordersToday() >= supplier.dailyCapacity()) {
            reasons.add("daily capacity reached (" + supplier.ordersToday() + "/" + supplier.dailyCapacity() + ")");
        }
        var agreement = supplier.agreement();
        String channel = state.input.channel();
        if (channel != null && agreement.excludedChannels().contains(channel)) {
            reasons.add("excluded by agreement for channel " + channel);
        }
        String region = state.destination.region();
        if (region != null && agreement.excludedRegions().contains(region)) {
            reasons.add("excluded by agreement for region " + region);
        } else if (agreement.excludedRegions().contains(country)) {
            reasons.add("excluded by agreement for region " + country);
        }
        return List.copyOf(reasons); // shared by the supplier's locations
    }

    /**
     * Two lines may draw on the same supplier SKU (a single and a pack of 6): links each line to the previous one
     * drawing on the same stock, so that later lines see only what is left; false when no two lines share one.
     */
    private boolean linkLinesSharingStock(CatalogIndex catalog, int[] entries) {
        int n = entries.length;
        for (int i = 0; i < n; i++) {
            stockKeys[i] = entries[i] < 0 ? -1 : catalog.stockKey(entries[i]);
        }
        boolean any = false;
        for (int i = 0; i < n; i++) {
            previousSameSku[i] = -1;
            for (int j = i - 1; j >= 0 && stockKeys[i] >= 0; j--) {
                if (stockKeys[j] == stockKeys[i]) {
                    previousSameSku[i] = j;
                    any = true;
                    break;
                }
            }
        }
        return any;
    }
}
