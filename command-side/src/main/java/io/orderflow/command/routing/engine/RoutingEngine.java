package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.CatalogItem;
import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.command.routing.engine.Explanation.Candidate;
import io.orderflow.command.routing.engine.Explanation.ScoreBreakdown;
import io.orderflow.command.routing.engine.RoutingDecision.Allocation;
import io.orderflow.command.routing.engine.RoutingDecision.AllocationLine;
import io.orderflow.command.routing.engine.RoutingDecision.UnroutableLine;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.Sku;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides which sources (supplier locations) serve which lines of one order, and says why.
 * <p>
 * A source may take a line only if every filter passes for that pair, stock for the whole line included; lines are
 * never divided. A supplier that fails a filter of its own (paused, circuit, area, capacity, agreement) is explained
 * by those reasons only: its lines are not looked up. Eligible pairs are scored on six criteria, each min-max
 * normalised among the eligible sources (1 = best, all equal = 1), and combined by the policy's weights; a plan's
 * score is the sum over its lines.
 * {@code maxSuppliersPerOrder} counts allocations, i.e. sources. See {@link PlanSearch} for how the plan is chosen
 * without trying every subset.
 * <p>
 * Pure and deterministic: no clock, no I/O, no shared state; suppliers, locations and lines are handled in id
 * order, so the decision does not depend on the order of the input lists. Safe to share between threads.
 */
public final class RoutingEngine {

    /** Spare days beyond which a promise is as safe as it gets; more slack earns no more promise fit. */
    static final int PROMISE_COMFORT_DAYS = 2;
    static final double NEUTRAL_RELIABILITY = 0.5;
    /** How many sources the reason of an unroutable line names, each of those that list its SKU and of those that do not. */
    static final int NAMED_SOURCES = 5;

    private static final Comparator<CandidateSupplier> BY_SUPPLIER_ID = Comparator.comparing(s -> s.id().value());
    private static final Comparator<Location> BY_LOCATION_ID = Comparator.comparing(Location::id);

    public RoutingDecision route(RoutingInput input) {
        return new Run(input).decide();
    }

    /** One source under evaluation. */
    private static final class Option {
        final CandidateSupplier supplier;
        final int supplierIndex;
        final Location location;
        /** Immutable until a reason of this source's own is added, so that shared reasons are not copied. */
        List<String> reasons = List.of();
        long[] mask;
        int servable;
        double km;
        boolean estimated;
        boolean measured;
        double proximity;
        double priority;
        double promise;
        double reliability;
        double fixedScore;
        double costSum;
        double stockSum;
        double[] pair;
        int[] atp;
        /** Lists none of the order's SKUs: no location is looked at. */
        boolean sellsNone;

        Option(CandidateSupplier supplier, int supplierIndex, Location location) {
            this.supplier = supplier;
            this.supplierIndex = supplierIndex;
            this.location = location;
        }

        boolean eligible() {
            return servable > 0;
        }

        void reason(String reason) {
            if (!(reasons instanceof ArrayList)) {
                var own = new ArrayList<String>(reasons.size() + 4);
                own.addAll(reasons);
                reasons = own;
            }
            reasons.add(reason);
        }
    }

    /**
     * SKUs named in a reason: the first few, then a count, so that a narrow catalog does not flood the explanation.
     * Keeps line indexes; the text is written once per supplier, only when there is something to say.
     */
    private static final class SkuList {
        static final int NAMED = 3;
        final int[] named = new int[NAMED];
        int count;

        void add(int line, boolean firstTimeInOrder) {
            if (!firstTimeInOrder) {
                return;
            }
            if (count < NAMED) {
                named[count] = line;
            }
            count++;
        }

        boolean isEmpty() {
            return count == 0;
        }

        String describe(Sku[] skus) {
            var text = new StringBuilder();
            for (int k = 0; k < Math.min(count, NAMED); k++) {
                text.append(k == 0 ? "" : ", ").append(skus[named[k]].value());
            }
            if (count > NAMED) {
                text.append(" and ").append(count - NAMED).append(" more");
            }
            return text.toString();
        }
    }

    private static final class Run {
        final RoutingInput input;
        final Policy policy;
        final Destination destination;
        final String country;
        final Distance distance;
        final OrderLine[] lines;
        final Sku[] skus;
        final int[] skuHashes;
        final int[] quantities;
        final int[] inputPosition;
        final double[] feeBySupplier;
        final boolean[] firstWithItsSku;
        final int words;
        final CandidateSupplier[] suppliers;
        final CatalogIndex[] catalogs;
        final int[][] entriesBySupplier;
        final List<Option> options = new ArrayList<>();
        // Scratch for one supplier or location at a time, reused so that a route allocates little beyond its answer.
        final long[] need;
        final int[] stockKeys;
        final int[] previousSameSku;
        final int[] atp;
        final long[] drawn;
        final String[] shortages;

        Run(RoutingInput input) {
            this.input = input;
            this.policy = input.policy();
            this.destination = input.destination();
            this.country = destination.country().toUpperCase(Locale.ROOT);
            this.distance = new Distance(destination);
            this.lines = input.lines().toArray(OrderLine[]::new);
            Arrays.sort(lines, Comparator.comparing(OrderLine::lineId));
            this.skus = new Sku[lines.length];
            this.skuHashes = new int[lines.length];
            this.quantities = new int[lines.length];
            for (int i = 0; i < lines.length; i++) {
                skus[i] = lines[i].sku();
                skuHashes[i] = skus[i].hashCode();
                quantities[i] = lines[i].quantity();
            }
            this.inputPosition = new int[lines.length];
            var position = new HashMap<String, Integer>();
            for (int i = 0; i < input.lines().size(); i++) {
                position.put(input.lines().get(i).lineId(), i);
            }
            for (int i = 0; i < lines.length; i++) {
                inputPosition[i] = position.get(lines[i].lineId());
            }
            this.firstWithItsSku = new boolean[lines.length];
            for (int i = 0; i < lines.length; i++) {
                firstWithItsSku[i] = true;
                for (int j = 0; j < i && firstWithItsSku[i]; j++) {
                    firstWithItsSku[i] = !lines[j].sku().equals(lines[i].sku());
                }
            }
            this.words = Math.max(1, (lines.length + 63) >>> 6);
            this.suppliers = input.suppliers().toArray(CandidateSupplier[]::new);
            Arrays.sort(suppliers, BY_SUPPLIER_ID);
            this.catalogs = new CatalogIndex[suppliers.length];
            this.entriesBySupplier = new int[suppliers.length][];
            this.feeBySupplier = new double[suppliers.length];
            this.need = new long[lines.length];
            this.stockKeys = new int[lines.length];
            this.previousSameSku = new int[lines.length];
            this.atp = new int[lines.length];
            this.drawn = new long[lines.length];
            this.shortages = new String[lines.length];
        }

        RoutingDecision decide() {
            for (int s = 0; s < suppliers.length; s++) {
                filter(s);
            }
            List<Option> eligible = options.stream().filter(Option::eligible).toList();
            score(eligible);
            int servable = servableLineCount(eligible);
            var search = new PlanSearch(masksOf(eligible), pairsOf(eligible), supplierIndexes(eligible),
                    remainingCapacities(), lines.length);
            int[] members = search.best(policy.maxSuppliersPerOrder(), servable);
            int[] owners = search.owners(members);
            return decision(eligible, owners, servable);
        }

        // ---- eligibility -------------------------------------------------------------------------------------

        /*
         * Catalog and stock lookups are most of the engine's time with 200 suppliers, so: a supplier excluded as a
         * whole (paused, circuit open, out of area, at capacity, agreement) is explained by those reasons alone and
         * its lines are not looked up; and lookups run in loops of their own, where the processor overlaps their
         * cache misses. Reasons are built afterwards.
         */
        private void filter(int supplierIndex) {
            CandidateSupplier supplier = suppliers[supplierIndex];
            if (supplier.catalog().isEmpty()) {
                sellsNone(supplier, supplierIndex);
                return;
            }
            List<String> supplierReasons = supplierReasons(supplier);
            if (!supplierReasons.isEmpty()) {
                excludeWhole(supplier, supplierIndex, supplierReasons);
                return;
            }
            int n = lines.length;
            var catalog = (CatalogIndex) supplier.catalog(); // always, see CandidateSupplier's constructor
            catalogs[supplierIndex] = catalog;
            // entries[i]: line i's catalog entry, or -1 when the supplier does not list it or may not sell it
            int[] entries = new int[n];
            for (int i = 0; i < n; i++) {
                entries[i] = catalog.entryOf(skus[i], skuHashes[i]);
            }
            entriesBySupplier[supplierIndex] = entries;
            feeBySupplier[supplierIndex] = supplier.orderFee() == null ? 0 : supplier.orderFee().amount().doubleValue();
            var missing = new SkuList();
            var excludedSkus = new SkuList();
            var agreementSkus = supplier.agreement().excludedSkus();
            int listed = 0;
            for (int i = 0; i < n; i++) {
                int entry = entries[i];
                if (entry < 0) {
                    missing.add(i, firstWithItsSku[i]);
                } else if (!agreementSkus.isEmpty() && agreementSkus.contains(skus[i])) {
                    excludedSkus.add(i, firstWithItsSku[i]);
                    entries[i] = -1;
                } else {
                    need[i] = (long) quantities[i] * catalog.unitsPerItem(entry);
                    listed++;
                }
            }
            String missingReason = missing.isEmpty() ? null : "no catalog entry for " + missing.describe(skus);
            String excludedSkuReason = excludedSkus.isEmpty() ? null
                    : "excluded by agreement for " + excludedSkus.describe(skus);
            boolean sharesStock = listed > 1 && linkLinesSharingStock(catalog, entries);
            if (supplier.locations().isEmpty()) {
                var option = new Option(supplier, supplierIndex, null);
                option.reason("has no locations");
                option.estimated = true;
                option.mask = new long[words];
                options.add(option);
                return;
            }
            var locations = supplier.locations();
            for (int position : byLocationId(locations)) {
                Location location = locations.get(position);
                var option = new Option(supplier, supplierIndex, location);
                int[] stock = catalog.stock(position);
                for (int i = 0; i < n; i++) {
                    atp[i] = entries[i] < 0 ? 0 : stock[entries[i]];
                }
                measure(option);
                option.mask = new long[words];
                if (alreadyFailed(supplier, location)) {
                    option.reason("already failed on this order");
                    options.add(option);
                    continue;
                }
                if (missingReason != null) {
                    option.reason(missingReason);
                }
                if (excludedSkuReason != null) {
                    option.reason(excludedSkuReason);
                }
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
                        shortages[inputPosition[i]] = "only " + Math.max(0, available)
                                + (before == 0 ? " available, " : " available after earlier lines, ") + need[i]
                                + " needed for line " + lines[i].lineId();
                        continue;
                    }
                    if (sharesStock) {
                        drawn[i] = before + need[i];
                    }
                    option.mask[i >>> 6] |= 1L << i;
                    option.servable++;
                }
                if (anyShort) {
                    for (int p = 0; p < n; p++) {
                        if (shortages[p] != null) {
                            option.reason(shortages[p]);
                            shortages[p] = null;
                        }
                    }
                }
                if (option.servable > 0) {
                    option.atp = atp.clone();
                }
                options.add(option);
            }
        }

        /**
         * A supplier that lists none of the order's SKUs (routing passes catalogs cut down to them) is one candidate
         * with one reason, whatever else might be said of it: an auditor sees that it was considered, and it costs
         * nothing to say.
         */
        private void sellsNone(CandidateSupplier supplier, int supplierIndex) {
            var skusOfOrder = new SkuList();
            for (int i : byInputPosition()) {
                skusOfOrder.add(i, firstWithItsSku[i]);
            }
            var option = new Option(supplier, supplierIndex, null);
            option.reasons = List.of("no catalog entry for " + skusOfOrder.describe(skus));
            option.sellsNone = true;
            option.mask = new long[words];
            options.add(option);
        }

        private void excludeWhole(CandidateSupplier supplier, int supplierIndex, List<String> reasons) {
            var locations = supplier.locations().toArray(Location[]::new);
            Arrays.sort(locations, BY_LOCATION_ID);
            for (Location location : locations) {
                var option = new Option(supplier, supplierIndex, location);
                option.reasons = reasons;
                option.mask = new long[words];
                options.add(option);
            }
            if (locations.length == 0) {
                var option = new Option(supplier, supplierIndex, null);
                option.reasons = reasons;
                option.reason("has no locations");
                option.estimated = true;
                option.mask = new long[words];
                options.add(option);
            }
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

        private void measure(Option option) {
            option.measured = true;
            option.estimated = !distance.measurable(option.location);
            option.km = distance.km(option.location);
        }

        private boolean alreadyFailed(CandidateSupplier supplier, Location location) {
            return !input.excluded().isEmpty()
                    && input.excluded().contains(new SourceRef(supplier.id(), location.id()));
        }

        private List<String> supplierReasons(CandidateSupplier supplier) {
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
            if (input.channel() != null && agreement.excludedChannels().contains(input.channel())) {
                reasons.add("excluded by agreement for channel " + input.channel());
            }
            if (destination.region() != null && agreement.excludedRegions().contains(destination.region())) {
                reasons.add("excluded by agreement for region " + destination.region());
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
            int n = lines.length;
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

        // ---- scoring -----------------------------------------------------------------------------------------

        private void score(List<Option> eligible) {
            if (eligible.isEmpty()) {
                return;
            }
            int n = eligible.size();
            double[] km = new double[n];
            double[] rank = new double[n];
            double[] slack = new double[n];
            double[] reliability = new double[n];
            long daysLeft = input.promiseBy() == null ? 0 : ChronoUnit.DAYS.between(input.today(), input.promiseBy());
            for (int k = 0; k < n; k++) {
                Option o = eligible.get(k);
                km[k] = o.km;
                rank[k] = o.supplier.priorityRank();
                slack[k] = input.promiseBy() == null ? 0
                        : Math.min(daysLeft - o.supplier.handlingDays(), PROMISE_COMFORT_DAYS);
                var r = o.supplier.reliability();
                reliability[k] = ((r.acceptanceRate() == null ? NEUTRAL_RELIABILITY : r.acceptanceRate())
                        + (r.onTimeRate() == null ? NEUTRAL_RELIABILITY : r.onTimeRate())) / 2;
            }
            normalise(km, false);
            normalise(rank, false);
            normalise(slack, true);
            normalise(reliability, true);
            for (int k = 0; k < n; k++) {
                Option o = eligible.get(k);
                o.proximity = km[k];
                o.priority = rank[k];
                o.promise = slack[k];
                o.reliability = reliability[k];
                o.pair = new double[lines.length];
            }
            var w = policy.weights();
            for (Option o : eligible) {
                o.fixedScore = w.proximity() * o.proximity + w.priority() * o.priority + w.promise() * o.promise
                        + w.reliability() * o.reliability;
            }
            int[] servers = new int[lines.length];
            for (Option o : eligible) {
                for (int i = 0; i < lines.length; i++) {
                    servers[i] += serves(o, i) ? 1 : 0;
                }
            }
            Option[][] byLine = new Option[lines.length][];
            for (int i = 0; i < lines.length; i++) {
                byLine[i] = new Option[servers[i]];
                servers[i] = 0;
            }
            for (Option o : eligible) {
                for (int i = 0; i < lines.length; i++) {
                    if (serves(o, i)) {
                        byLine[i][servers[i]++] = o;
                    }
                }
            }
            for (int i = 0; i < lines.length; i++) {
                scoreLine(i, byLine[i]);
            }
        }

        /** Cost and stock depth depend on the line, so they are judged among the sources of that line. */
        private void scoreLine(int i, Option[] servers) {
            int count = servers.length;
            if (count == 0) {
                return;
            }
            double[] cost = new double[count];
            double[] depth = new double[count];
            String currency = null;
            boolean oneCurrency = true;
            for (int k = 0; k < count; k++) {
                Option o = servers[k];
                CatalogIndex catalog = catalogs[o.supplierIndex];
                int entry = entriesBySupplier[o.supplierIndex][i];
                long units = (long) quantities[i] * catalog.unitsPerItem(entry);
                double fixed = LandedCost.SHIPMENT_BASE + feeBySupplier[o.supplierIndex];
                // A parcel's fixed charges are shared by the lines the source could take in it.
                cost[k] = units * (catalog.unitCost(entry) + LandedCost.shippingPerUnit(o.km)) + fixed / o.servable;
                depth[k] = 1 - (double) units / o.atp[i];
                if (currency == null) {
                    currency = catalog.currency();
                } else if (currency != catalog.currency() && !currency.equals(catalog.currency())) {
                    oneCurrency = false;
                }
            }
            if (!oneCurrency) {
                Arrays.fill(cost, 0); // prices in different currencies cannot be ranked without exchange rates
            }
            normalise(cost, false);
            normalise(depth, true);
            var w = policy.weights();
            double total = w.sum();
            for (int k = 0; k < count; k++) {
                Option o = servers[k];
                o.costSum += cost[k];
                o.stockSum += depth[k];
                o.pair[i] = total == 0 ? 0 : (o.fixedScore + w.cost() * cost[k] + w.stock() * depth[k]) / total;
            }
        }

        private static void normalise(double[] values, boolean higherIsBetter) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double range = max - min;
            for (int k = 0; k < values.length; k++) {
                if (range < 1e-12) {
                    values[k] = 1;
                } else {
                    values[k] = higherIsBetter ? (values[k] - min) / range : (max - values[k]) / range;
                }
            }
        }

        private static boolean serves(Option o, int line) {
            return (o.mask[line >>> 6] & (1L << line)) != 0;
        }

        // ---- plan search inputs ------------------------------------------------------------------------------

        private int servableLineCount(List<Option> eligible) {
            long[] union = new long[words];
            for (Option o : eligible) {
                for (int w = 0; w < words; w++) {
                    union[w] |= o.mask[w];
                }
            }
            int n = 0;
            for (long w : union) {
                n += Long.bitCount(w);
            }
            return n;
        }

        private static long[][] masksOf(List<Option> eligible) {
            return eligible.stream().map(o -> o.mask).toArray(long[][]::new);
        }

        private static double[][] pairsOf(List<Option> eligible) {
            return eligible.stream().map(o -> o.pair).toArray(double[][]::new);
        }

        private static int[] supplierIndexes(List<Option> eligible) {
            return eligible.stream().mapToInt(o -> o.supplierIndex).toArray();
        }

        private int[] remainingCapacities() {
            int[] remaining = new int[suppliers.length];
            for (int s = 0; s < suppliers.length; s++) {
                remaining[s] = Math.max(0, suppliers[s].dailyCapacity() - suppliers[s].ordersToday());
            }
            return remaining;
        }

        // ---- the decision ------------------------------------------------------------------------------------

        private RoutingDecision decision(List<Option> eligible, int[] owners, int servable) {
            // Allocations in source order (eligible is in supplier id, location id order), lines in order position.
            List<Allocation> allocations = new ArrayList<>();
            List<Option> chosen = new ArrayList<>();
            double planScore = 0;
            int covered = 0;
            int[] inOrder = byInputPosition();
            int[] members = Arrays.stream(owners).filter(o -> o >= 0).distinct().sorted().toArray();
            for (int s : members) {
                List<Integer> mine = new ArrayList<>();
                for (int i : inOrder) {
                    if (owners[i] == s) {
                        mine.add(i);
                        planScore += eligible.get(s).pair[i];
                    }
                }
                allocations.add(allocation(eligible.get(s), mine));
                chosen.add(eligible.get(s));
                covered += mine.size();
            }
            List<UnroutableLine> unroutable = new ArrayList<>();
            for (int i : inOrder) {
                if (owners[i] >= 0) {
                    continue;
                }
                boolean someoneCould = false;
                for (Option o : eligible) {
                    someoneCould |= serves(o, i);
                }
                unroutable.add(new UnroutableLine(lines[i].lineId(), someoneCould
                        ? "only another source can serve it, and the policy allows at most "
                                + policy.maxSuppliersPerOrder() + " supplier(s) per order"
                        : nobodyCan(i)));
            }
            var explanation = new Explanation(policy.version(), candidates(chosen),
                    plan(chosen, allocations, unroutable, servable, covered == 0 ? 0 : planScore / covered));
            return new RoutingDecision(allocations, unroutable, policy.unroutable(), explanation);
        }

        private Allocation allocation(Option o, List<Integer> lineIndexes) {
            CatalogIndex catalog = catalogs[o.supplierIndex];
            int[] entries = entriesBySupplier[o.supplierIndex];
            List<AllocationLine> allocated = new ArrayList<>(lineIndexes.size());
            BigDecimal goods = BigDecimal.ZERO;
            long units = 0;
            String currency = null;
            for (int i : lineIndexes) {
                CatalogItem item = catalog.item(entries[i]);
                int supplierUnits = Math.multiplyExact(lines[i].quantity(), item.unitsPerItem());
                allocated.add(new AllocationLine(lines[i].lineId(), lines[i].sku(), lines[i].quantity(),
                        item.supplierSku(), item.variantId(), supplierUnits, item.catalogVersion()));
                goods = goods.add(item.unitCost().amount().multiply(BigDecimal.valueOf(supplierUnits)));
                units += supplierUnits;
                currency = item.unitCost().currency();
            }
            return new Allocation(o.supplier.id(), o.location.id(), allocated,
                    LandedCost.of(goods, units, o.km, o.supplier.orderFee(), currency));
        }

        /**
         * Why no source can take line i, source by source as the explanation says it, but only what concerns this
         * line: the sources that list its SKU first (by name and location), then those that do not (by name). Only
         * the first few of each are named, so that a large directory does not make the reason a page long.
         */
        private String nobodyCan(int i) {
            if (options.isEmpty()) {
                return "no candidate sources";
            }
            var listing = new ArrayList<String>();
            var notListing = new ArrayList<String>();
            int moreListing = 0;
            int moreNotListing = 0;
            String lastNotListing = null;
            for (Option o : options) {
                String why = whyNot(o, i);
                if (why == null) {
                    String name = o.supplier.id().value(); // a supplier's locations are next to each other
                    if (!name.equals(lastNotListing)) {
                        lastNotListing = name;
                        if (notListing.size() < NAMED_SOURCES) {
                            notListing.add(name);
                        } else {
                            moreNotListing++;
                        }
                    }
                } else if (listing.size() < NAMED_SOURCES) {
                    listing.add(o.supplier.id().value() + (o.location == null ? "" : " at " + o.location.id())
                            + ": " + why);
                } else {
                    moreListing++;
                }
            }
            var text = new StringBuilder("no source can serve it: ");
            text.append(String.join("; ", listing));
            if (moreListing > 0) {
                text.append("; and ").append(moreListing).append(" more source(s) (see the explanation)");
            }
            if (!notListing.isEmpty()) {
                text.append(listing.isEmpty() ? "" : "; ").append("no catalog entry for ").append(skus[i].value())
                        .append(" at ").append(String.join(", ", notListing));
                if (moreNotListing > 0) {
                    text.append(" and ").append(moreNotListing).append(" more");
                }
            }
            return text.toString();
        }

        /** Why source o cannot take line i; null when it does not list the line's SKU at all. */
        private String whyNot(Option o, int i) {
            var catalog = (CatalogIndex) o.supplier.catalog();
            if (o.sellsNone || catalog.entryOf(skus[i], skuHashes[i]) < 0) {
                return null;
            }
            int[] entries = entriesBySupplier[o.supplierIndex];
            if (entries == null || o.location == null) {
                return String.join(", ", o.reasons); // excluded as a whole, or has no locations
            }
            if (alreadyFailed(o.supplier, o.location)) {
                return "already failed on this order";
            }
            if (entries[i] < 0) {
                return "excluded by agreement for " + skus[i].value();
            }
            String shortage = " needed for line " + lines[i].lineId();
            for (String reason : o.reasons) {
                if (reason.endsWith(shortage)) {
                    return reason.substring(0, reason.length() - shortage.length() + " needed".length());
                }
            }
            return "cannot take it";
        }

        private List<Candidate> candidates(List<Option> chosen) {
            List<Candidate> candidates = new ArrayList<>(options.size());
            int[] inOrder = byInputPosition();
            for (Option o : options) {
                String locationId = o.location == null ? null : o.location.id();
                if (!o.eligible()) {
                    candidates.add(new Candidate(o.supplier.id(), locationId, false, false, o.reasons, List.of(),
                            null, null, o.measured ? o.km : null, o.estimated));
                    continue;
                }
                String[] servable = new String[o.servable];
                int next = 0;
                for (int i : inOrder) {
                    if (serves(o, i)) {
                        servable[next++] = lines[i].lineId();
                    }
                }
                double pairSum = 0;
                for (int i = 0; i < lines.length; i++) {
                    pairSum += serves(o, i) ? o.pair[i] : 0; // line-id order, so list order cannot move the last bit
                }
                var breakdown = new ScoreBreakdown(o.proximity, o.costSum / o.servable, o.priority, o.promise,
                        o.reliability, o.stockSum / o.servable);
                candidates.add(new Candidate(o.supplier.id(), locationId, true, chosen.contains(o), o.reasons,
                        List.of(servable), pairSum / o.servable, breakdown, o.km, o.estimated));
            }
            return candidates;
        }

        private String plan(List<Option> chosen, List<Allocation> allocations, List<UnroutableLine> unroutable,
                            int servable, double score) {
            var text = new StringBuilder();
            if (allocations.isEmpty()) {
                text.append("no source can serve any line");
            } else if (allocations.size() == 1 && unroutable.isEmpty()) {
                text.append("one supplier covers all lines: ").append(describe(allocations.getFirst()));
            } else if (allocations.size() == 1 && allocations.getFirst().lines().size() == servable) {
                text.append("one supplier covers every line that can be served: ")
                        .append(describe(allocations.getFirst()));
            } else if (allocations.size() == 1) {
                text.append("the policy allows ").append(policy.maxSuppliersPerOrder())
                        .append(" supplier per order and no single source has every line; ")
                        .append(describe(allocations.getFirst())).append(" covers the most lines");
            } else {
                text.append("split over ").append(allocations.size())
                        .append(" suppliers: no single source has every line; ");
                for (int a = 0; a < allocations.size(); a++) {
                    text.append(a == 0 ? "" : ", ").append(describe(allocations.get(a)));
                }
            }
            if (!chosen.isEmpty()) {
                text.append(String.format(Locale.ROOT, " (plan score %.3f)", score));
            }
            if (!unroutable.isEmpty()) {
                text.append("; unroutable: ")
                        .append(String.join(", ", unroutable.stream().map(UnroutableLine::lineId).toList()))
                        .append(" → ").append(policy.unroutable());
            }
            return text.toString();
        }

        private static String describe(Allocation allocation) {
            return allocation.supplierId() + " at " + allocation.locationId() + " takes "
                    + String.join(", ", allocation.lines().stream().map(AllocationLine::lineId).toList());
        }

        private int[] byInputPosition() {
            int[] order = new int[lines.length];
            for (int i = 0; i < lines.length; i++) {
                order[inputPosition[i]] = i;
            }
            return order;
        }
    }
}
