package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.CandidateSupplier.Location;

import java.util.ArrayList;
import java.util.List;

/**
 * One source (a supplier location) under evaluation in one route: what eligibility found, then what scoring made of
 * it. A supplier without locations, or one that lists none of the order's SKUs, is one source without a location.
 */
final class Source {

    final CandidateSupplier supplier;
    final int supplierIndex;
    final Location location;
    /** Immutable until a reason of this source's own is added, so that shared reasons are not copied. */
    List<String> reasons = List.of();
    /** The lines this source can serve, bit i = line i in line-id order. */
    long[] mask;
    int servable;
    double km;
    boolean estimated;
    boolean measured;
    /** Lists none of the order's SKUs: no location is looked at. */
    boolean sellsNone;
    /** Available-to-promise per line, kept only for an eligible source. */
    int[] atp;
    double proximity;
    double priority;
    double promise;
    double reliability;
    /** The weighted criteria that do not depend on the line. */
    double fixedScore;
    double costSum;
    double stockSum;
    /** The combined score per line, set only where {@link #serves} holds. */
    double[] pair;

    Source(CandidateSupplier supplier, int supplierIndex, Location location) {
        this.supplier = supplier;
        this.supplierIndex = supplierIndex;
        this.location = location;
    }

    boolean eligible() {
        return servable > 0;
    }

    boolean serves(int line) {
        return (mask[line >>> 6] & (1L << line)) != 0;
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
