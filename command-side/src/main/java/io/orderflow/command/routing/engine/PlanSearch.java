package io.orderflow.command.routing.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the set of sources: most lines covered, then fewest sources, then the highest sum of (source, line)
 * scores, then the lowest source indices (indices follow supplier id, location id).
 * <p>
 * Every subset would be exponential, so single sources are ranked exactly, and only if none covers every servable
 * line (and the policy allows more) a beam of the {@value #BEAM_WIDTH} best partial plans is extended one source at
 * a time, only by sources that add a line, stopping at the first size that covers every servable line. The greedy
 * plan (each step the source adding the most lines) is always kept in the beam, so the result never covers fewer
 * lines than greedy max-coverage does, which is at least 1 − 1/e of the optimum; not always optimal, as set cover is
 * NP-hard, but the work stays bounded by size limit × beam width × sources × lines.
 */
final class PlanSearch {

    static final int BEAM_WIDTH = 16;

    /** Most coverage, then fewest members, then the highest score, then the lowest member indices. */
    private static final Comparator<Plan> BEST_FIRST = (a, b) -> {
        if (a.coverage != b.coverage) {
            return a.coverage > b.coverage ? -1 : 1;
        }
        if (a.members.length != b.members.length) {
            return a.members.length < b.members.length ? -1 : 1;
        }
        if (a.scoreKey != b.scoreKey) {
            return a.scoreKey > b.scoreKey ? -1 : 1;
        }
        return Arrays.compare(a.members, b.members);
    };

    private final long[][] masks;
    private final double[][] pairScores;
    private final int[] supplierOf;
    private final int[] remainingCapacity;
    private final int lineCount;
    private final int words;
    private final long[] packedMasks;

    /**
     * @param masks             per source, the lines it can serve (bit i = line i)
     * @param pairScores        per source and line, the combined score (read only where the mask bit is set)
     * @param supplierOf        per source, its supplier's index
     * @param remainingCapacity per supplier, how many more orders it takes today
     */
    PlanSearch(long[][] masks, double[][] pairScores, int[] supplierOf, int[] remainingCapacity, int lineCount) {
        this.masks = masks;
        this.pairScores = pairScores;
        this.supplierOf = supplierOf;
        this.remainingCapacity = remainingCapacity;
        this.lineCount = lineCount;
        this.words = (lineCount + 63) >>> 6;
        // one array, source after source, for the inner loop of extend(): thousands of reads per level
        this.packedMasks = new long[masks.length * words];
        for (int s = 0; s < masks.length; s++) {
            System.arraycopy(masks[s], 0, packedMasks, s * words, words);
        }
    }

    /** The chosen source indices, ascending; empty when no source serves anything. */
    int[] best(int maxSources, int servableLines) {
        List<Plan> beam = singles();
        if (beam.isEmpty()) {
            return new int[0];
        }
        Plan best = beam.getFirst();
        Plan greedy = best;
        for (int size = 2; size <= maxSources && best.coverage < servableLines; size++) {
            greedy = greedy == null ? null : greedyStep(greedy);
            beam = extend(beam, greedy);
            if (beam.isEmpty()) {
                break;
            }
            if (BEST_FIRST.compare(beam.getFirst(), best) < 0) {
                best = beam.getFirst();
            }
        }
        return best.members;
    }

    /** For each line, the member that serves it best (the lower index on a tie), or -1. */
    int[] owners(int[] members) {
        int[] owner = new int[lineCount];
        Arrays.fill(owner, -1);
        for (int line = 0; line < lineCount; line++) {
            double top = -1;
            for (int s : members) {
                if (has(masks[s], line) && pairScores[s][line] > top) {
                    top = pairScores[s][line];
                    owner[line] = s;
                }
            }
        }
        return owner;
    }

    /** Every source on its own, exactly ranked; only the best {@value #BEAM_WIDTH} are built into plans. */
    private List<Plan> singles() {
        int sources = masks.length;
        int[] coverage = new int[sources];
        int[] perCoverage = new int[lineCount + 1];
        for (int s = 0; s < sources; s++) {
            coverage[s] = popcount(masks[s]);
            perCoverage[coverage[s]]++;
        }
        int threshold = threshold(perCoverage);
        List<Plan> plans = new ArrayList<>();
        for (int s = 0; s < sources; s++) {
            if (coverage[s] >= threshold) {
                double[] best = new double[lineCount];
                for (int line = 0; line < lineCount; line++) {
                    if (has(masks[s], line)) {
                        best[line] = pairScores[s][line];
                    }
                }
                plans.add(new Plan(new int[] {s}, masks[s].clone(), best));
            }
        }
        return top(plans);
    }

    /** The lowest coverage that still reaches the best {@value #BEAM_WIDTH}; nothing below it needs a score. */
    private int threshold(int[] perCoverage) {
        int threshold = lineCount;
        for (int seen = perCoverage[threshold]; threshold > 1 && seen < BEAM_WIDTH; ) {
            threshold--;
            seen += perCoverage[threshold];
        }
        return Math.max(threshold, 1);
    }

    private static List<Plan> top(List<Plan> plans) {
        plans.sort(BEST_FIRST);
        List<Plan> kept = new ArrayList<>(BEAM_WIDTH);
        for (Plan plan : plans) {
            if (kept.size() == BEAM_WIDTH) {
                break;
            }
            if (kept.isEmpty() || !Arrays.equals(kept.getLast().members, plan.members)) {
                kept.add(plan);
            }
        }
        return kept;
    }

    /** The greedy plan one source larger: the source adding the most lines (the lowest index on a tie), or null. */
    private Plan greedyStep(Plan plan) {
        int bestSource = -1;
        int bestGain = 0;
        for (int s = 0; s < masks.length; s++) {
            int gain = gain(plan, s);
            if (gain > bestGain) {
                bestGain = gain;
                bestSource = s;
            }
        }
        return bestSource < 0 ? null : plan.with(bestSource);
    }

    /** Only extensions that can still reach the beam are built: gains are counted by coverage first. */
    private List<Plan> extend(List<Plan> beam, Plan greedy) {
        int sources = masks.length;
        int[] gains = new int[beam.size() * sources];
        int[] perCoverage = new int[lineCount + 1];
        for (int p = 0; p < beam.size(); p++) {
            Plan plan = beam.get(p);
            for (int s = 0; s < sources; s++) {
                int gain = gain(plan, s);
                gains[p * sources + s] = gain;
                if (gain > 0) {
                    perCoverage[plan.coverage + gain]++;
                }
            }
        }
        int threshold = threshold(perCoverage);
        List<Plan> next = new ArrayList<>();
        for (int p = 0; p < beam.size(); p++) {
            Plan plan = beam.get(p);
            for (int s = 0; s < sources; s++) {
                int gain = gains[p * sources + s];
                if (gain > 0 && plan.coverage + gain >= threshold) {
                    next.add(plan.with(s));
                }
            }
        }
        List<Plan> kept = top(next);
        if (greedy != null && kept.stream().noneMatch(p -> Arrays.equals(p.members, greedy.members))) {
            if (kept.size() == BEAM_WIDTH) {
                kept.removeLast();
            }
            kept.add(greedy);
            kept.sort(BEST_FIRST);
        }
        return kept;
    }

    /** Lines source s would add to the plan; 0 when it adds none or may not join it. */
    private int gain(Plan plan, int s) {
        int gain = 0;
        for (int w = 0, at = s * words; w < words; w++, at++) {
            gain += Long.bitCount(packedMasks[at] & ~plan.covered[w]);
        }
        return gain > 0 && fits(plan.members, s) ? gain : 0;
    }

    /** A supplier with capacity for one more order today must not get two of its locations in one plan. */
    private boolean fits(int[] members, int s) {
        int sameSupplier = 0;
        for (int m : members) {
            if (m == s) {
                return false;
            }
            if (supplierOf[m] == supplierOf[s]) {
                sameSupplier++;
            }
        }
        return sameSupplier < remainingCapacity[supplierOf[s]];
    }

    private static boolean has(long[] mask, int line) {
        return (mask[line >>> 6] & (1L << line)) != 0;
    }

    private static int popcount(long[] mask) {
        int n = 0;
        for (long w : mask) {
            n += Long.bitCount(w);
        }
        return n;
    }

    private final class Plan {
        final int[] members;
        final long[] covered;
        final double[] best;
        final int coverage;
        final long scoreKey;

        Plan(int[] members, long[] covered, double[] best) {
            this.members = members;
            this.covered = covered;
            this.best = best;
            this.coverage = popcount(covered);
            double sum = 0;
            for (double b : best) {
                sum += b;
            }
            // Summed in line order from per-line maxima, so the same set scores the same whatever path built it.
            this.scoreKey = Math.round(sum * 1e9);
        }

        Plan with(int s) {
            int[] grown = Arrays.copyOf(members, members.length + 1);
            grown[members.length] = s;
            Arrays.sort(grown);
            long[] cover = covered.clone();
            for (int w = 0; w < words; w++) {
                cover[w] |= masks[s][w];
            }
            double[] top = best.clone();
            for (int line = 0; line < lineCount; line++) {
                if (has(masks[s], line) && pairScores[s][line] > top[line]) {
                    top[line] = pairScores[s][line];
                }
            }
            return new Plan(grown, cover, top);
        }
    }
}
