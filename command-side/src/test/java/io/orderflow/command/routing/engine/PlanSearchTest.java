package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.order.OrderLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

/** The bounded search against trying every set of sources, on small generated orders (fixed seeds). */
class PlanSearchTest {

    @Test
    void canCoverAsManyLinesWithAsFewSourcesAsAnExhaustiveSearch() {
        for (int seed = 0; seed < 200; seed++) {
            var random = new Random(seed);
            int lineCount = 4 + random.nextInt(9);
            int maxSuppliers = 2 + random.nextInt(3);
            List<OrderLine> lines = new ArrayList<>();
            for (int i = 0; i < lineCount; i++) {
                lines.add(line("L" + i, "S" + random.nextInt(12), 1));
            }
            var suppliers = new Fixtures.SupplierFixture[6 + random.nextInt(14)];
            for (int s = 0; s < suppliers.length; s++) {
                suppliers[s] = supplier("s" + s).rank(1 + random.nextInt(5))
                        .at("w1", new double[] {45 + random.nextDouble() * 5, random.nextDouble() * 5});
                for (int sku = 0; sku < 12; sku++) {
                    if (random.nextInt(4) == 0) {
                        suppliers[s].sells("S" + sku).stock("S" + sku, 5);
                    }
                }
            }

            var decision = new Fixtures.Order(lines).maxSuppliers(maxSuppliers).routedTo(suppliers);

            int[] exhaustive = bestCoverageThenSize(servableMasks(decision), maxSuppliers);
            assertThat(new int[] {lineCount - decision.unroutable().size(), decision.allocations().size()})
                    .as("seed %d", seed).containsExactly(exhaustive);
        }
    }

    private static List<Long> servableMasks(RoutingDecision decision) {
        List<Long> masks = new ArrayList<>();
        for (var candidate : decision.explanation().candidates()) {
            long mask = 0;
            for (String lineId : candidate.servableLineIds()) {
                mask |= 1L << Integer.parseInt(lineId.substring(1));
            }
            if (mask != 0) {
                masks.add(mask);
            }
        }
        return masks;
    }

    /** {lines covered, sources used} of the best plan among every set of at most maxSources sources. */
    private static int[] bestCoverageThenSize(List<Long> masks, int maxSources) {
        int[] best = {0, 0};
        for (int size = 1; size <= Math.min(maxSources, masks.size()); size++) {
            int[] pick = new int[size];
            for (int i = 0; i < size; i++) {
                pick[i] = i;
            }
            while (true) {
                long covered = 0;
                for (int i : pick) {
                    covered |= masks.get(i);
                }
                if (Long.bitCount(covered) > best[0]) {
                    best = new int[] {Long.bitCount(covered), size};
                }
                int i = size - 1;
                while (i >= 0 && pick[i] == masks.size() - size + i) {
                    i--;
                }
                if (i < 0) {
                    break;
                }
                pick[i]++;
                for (int j = i + 1; j < size; j++) {
                    pick[j] = pick[j - 1] + 1;
                }
            }
        }
        return best;
    }
}
