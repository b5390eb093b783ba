package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.Sku;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;

/**
 * What one route knows, shared by its steps ({@link Eligibility}, {@link Scoring}, {@link Explainer}): the input
 * put in id order and into arrays, each supplier's catalog entries for the order's lines, and the sources found.
 * Lines are numbered in line-id order and suppliers in supplier-id order, so that no step depends on the order of
 * the input lists. Lives for one route, on one thread.
 */
final class RouteState {

    private static final Comparator<CandidateSupplier> BY_SUPPLIER_ID = Comparator.comparing(s -> s.id().value());

    final RoutingInput input;
    final Policy policy;
    final Destination destination;
    final String country;
    final Distance distance;
    final OrderLine[] lines;
    final Sku[] skus;
    final int[] skuHashes;
    final int[] quantities;
    /** Per line, its position in the input's list, the order in which the decision names lines. */
    final int[] inputPosition;
    /** Per line, whether no line before it (in line-id order) has the same SKU. */
    final boolean[] firstWithItsSku;
    /** Longs per line mask. */
    final int words;
    final CandidateSupplier[] suppliers;
    /** Per supplier that passed its own filters, its catalog; null for a supplier excluded before the lookups. */
    final CatalogIndex[] catalogs;
    /** Per supplier that passed its own filters: per line, its catalog entry, or -1 when it may not sell it. */
    final int[][] entriesBySupplier;
    final double[] feeBySupplier;
    /** Every source considered, in supplier id, location id order. */
    final List<Source> sources = new ArrayList<>();

    RouteState(RoutingInput input) {
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
    }

    boolean alreadyFailed(CandidateSupplier supplier, Location location) {
        return !input.excluded().isEmpty() && input.excluded().contains(new SourceRef(supplier.id(), location.id()));
    }

    /** Line numbers in the order of the input's list. */
    int[] byInputPosition() {
        int[] order = new int[lines.length];
        for (int i = 0; i < lines.length; i++) {
            order[inputPosition[i]] = i;
        }
        return order;
    }
}
