package io.orderflow.infra.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ClusterNodesShareTest {

    static final List<String> NODES = List.of("1@a", "2@a", "3@b");

    @Test
    void sharesAddUpToTheSegmentsAndDifferByOneAtMost() {
        for (int segments = 3; segments <= 16; segments++) {
            for (String processor : List.of("order-view", "supplier-dispatch", "OrderFulfillmentSagaProcessor")) {
                int s = segments;
                var shares = NODES.stream().map(node -> ClusterNodes.share(s, NODES, node, processor)).toList();
                assertThat(shares.stream().mapToInt(Integer::intValue).sum()).as("%s of %d", processor, s)
                        .isEqualTo(segments);
                assertThat(shares.stream().mapToInt(Integer::intValue).max().orElseThrow()
                        - shares.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void theRemainderDoesNotAlwaysFallToTheSameNode() {
        var larger = IntStream.range(0, 40).mapToObj(i -> "processor-" + i)
                .map(processor -> NODES.stream()
                        .filter(node -> ClusterNodes.share(4, NODES, node, processor) == 2).findFirst().orElseThrow())
                .distinct().toList();
        assertThat(larger).hasSizeGreaterThan(1);
    }

    @Test
    void aLoneNodeHoldsEverythingAndNoNodeIsLeftWithNothingToClaim() {
        assertThat(ClusterNodes.share(8, List.of("1@a"), "1@a", "supplier-dispatch")).isEqualTo(8);
        assertThat(ClusterNodes.share(8, List.of("1@a"), "2@a", "supplier-dispatch")).isEqualTo(8);
        assertThat(NODES).allSatisfy(node ->
                assertThat(ClusterNodes.share(1, NODES, node, "backorder-rerouting")).isEqualTo(1));
    }
}
