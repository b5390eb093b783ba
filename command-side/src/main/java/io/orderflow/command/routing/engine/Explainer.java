package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Explanation.Candidate;
import io.orderflow.command.routing.engine.Explanation.ScoreBreakdown;
import io.orderflow.command.routing.engine.RoutingDecision.Allocation;
import io.orderflow.command.routing.engine.RoutingDecision.AllocationLine;
import io.orderflow.command.routing.engine.RoutingDecision.UnroutableLine;
import io.orderflow.coreapi.supplier.CatalogItem;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes down what one route decided, and why: the allocations of the chosen sources (in source order, lines in
 * order position), the lines left over with the reason for each, and the explanation of every candidate.
 */
final class Explainer {

    /** How many sources the reason of an unroutable line names, of those that list its SKU and of those that do not. */
    static final int NAMED_SOURCES = 5;

    private final RouteState state;

    Explainer(RouteState state) {
        this.state = state;
    }

    /**
     * @param eligible the sources that can serve a line, in source order
     * @param owners   per line, the index in {@code eligible} of the source that takes it, or -1
     * @param servable how many lines any eligible source can serve
     */
    RoutingDecision decision(List<Source> eligible, int[] owners, int servable) {
        var policy = state.policy;
        List<Allocation> allocations = new ArrayList<>();
        List<Source> chosen = new ArrayList<>();
        double planScore = 0;
        int covered = 0;
        int[] inOrder = state.byInputPosition();
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
            for (Source o : eligible) {
                someoneCould |= o.serves(i);
            }
            unroutable.add(new UnroutableLine(state.lines[i].lineId(), someoneCould
                    ? "only another source can serve it, and the policy allows at most "
                            + policy.maxSuppliersPerOrder() + " supplier(s) per order"
                    : nobodyCan(i)));
        }
        var explanation = new Explanation(policy.version(), candidates(chosen),
                plan(chosen, allocations, unroutable, servable, covered == 0 ? 0 : planScore / covered));
        return new RoutingDecision(allocations, unroutable, policy.unroutable(), explanation);
    }

    private Allocation allocation(Source o, List<Integer> lineIndexes) {
        CatalogIndex catalog = state.catalogs[o.supplierIndex];
        int[] entries = state.entriesBySupplier[o.supplierIndex];
        List<AllocationLine> allocated = new ArrayList<>(lineIndexes.size());
        BigDecimal goods = BigDecimal.ZERO;
        long units = 0;
        String currency = null;
        for (int i : lineIndexes) {
            var line = state.lines[i];
            CatalogItem item = catalog.item(entries[i]);
            int supplierUnits = Math.multiplyExact(line.quantity(), item.unitsPerItem());
            allocated.add(new AllocationLine(line.lineId(), line.sku(), line.quantity(), item.supplierSku(),
                    item.variantId(), supplierUnits, o.supplier.catalogVersion()));
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
        if (state.sources.isEmpty()) {
            return "no candidate sources";
        }
        var listing = new ArrayList<String>();
        var notListing = new ArrayList<String>();
        int moreListing = 0;
        int moreNotListing = 0;
        String lastNotListing = null;
        for (Source o : state.sources) {
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
            text.append(listing.isEmpty() ? "" : "; ").append("no catalog entry for ")
                    .append(state.skus[i].value()).append(" at ").append(String.join(", ", notListing));
            if (moreNotListing > 0) {
                text.append(" and ").append(moreNotListing).append(" more");
            }
        }
        return text.toString();
    }

    /** Why source o cannot take line i; null when it does not list the line's SKU at all. */
    private String whyNot(Source o, int i) {
        var catalog = (CatalogIndex) o.supplier.catalog();
        if (o.sellsNone || catalog.entryOf(state.skus[i], state.skuHashes[i]) < 0) {
            return null;
        }
        int[] entries = state.entriesBySupplier[o.supplierIndex];
        if (entries == null || o.location == null) {
            return String.join(", ", o.reasons); // excluded as a whole, or has no locations
        }
        if (state.alreadyFailed(o.supplier, o.location)) {
            return "already failed on this order";
        }
        if (entries[i] < 0) {
            return "excluded by agreement for " + state.skus[i].value();
        }
        String shortage = " needed for line " + state.lines[i].lineId();
        for (String reason : o.reasons) {
            if (reason.endsWith(shortage)) {
                return reason.substring(0, reason.length() - shortage.length() + " needed".length());
            }
        }
        return "cannot take it";
    }

    private List<Candidate> candidates(List<Source> chosen) {
        List<Candidate> candidates = new ArrayList<>(state.sources.size());
        int[] inOrder = state.byInputPosition();
        for (Source o : state.sources) {
            String locationId = o.location == null ? null : o.location.id();
            if (!o.eligible()) {
                candidates.add(new Candidate(o.supplier.id(), locationId, false, false, o.reasons, List.of(),
                        null, null, o.measured ? o.km : null, o.estimated));
                continue;
            }
            String[] servable = new String[o.servable];
            int next = 0;
            for (int i : inOrder) {
                if (o.serves(i)) {
                    servable[next++] = state.lines[i].lineId();
                }
            }
            double pairSum = 0;
            for (int i = 0; i < state.lines.length; i++) {
                pairSum += o.serves(i) ? o.pair[i] : 0; // line-id order, so list order cannot move the last bit
            }
            var breakdown = new ScoreBreakdown(o.proximity, o.costSum / o.servable, o.priority, o.promise,
                    o.reliability, o.stockSum / o.servable);
            candidates.add(new Candidate(o.supplier.id(), locationId, true, chosen.contains(o), o.reasons,
                    List.of(servable), pairSum / o.servable, breakdown, o.km, o.estimated));
        }
        return candidates;
    }

    private String plan(List<Source> chosen, List<Allocation> allocations, List<UnroutableLine> unroutable,
                        int servable, double score) {
        var policy = state.policy;
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
}
