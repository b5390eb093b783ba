package io.orderflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class WebhookAgesTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void countsOnlyTheWebhooksHandledBetweenTheScrapesAndNamesTheBucketsTheirPercentilesFallUnder() {
        // cumulative buckets: before the step 10 webhooks, all within 50 ms
        var before = buckets(0.05, 10, 0.25, 10, 60.0, 10, INF, 10);
        // during the step 100 more: 40 within 50 ms, 58 more within 250 ms, 2 more within 60 s
        var after = buckets(0.05, 50, 0.25, 108, 60.0, 110, INF, 110);

        assertThat(WebhookAges.between(before, after))
                .containsEntry("webhooks", 100L)
                .containsEntry("p50AtMostMs", 250L)
                .containsEntry("p99AtMostMs", 60_000L);
    }

    @Test
    void agesBeyondTheLargestBucketAreSaidToBe() {
        var before = buckets(0.05, 0, INF, 0);
        var after = buckets(0.05, 1, INF, 10);

        assertThat(WebhookAges.between(before, after)).containsEntry("p50AtMostMs", "more than the largest bucket");
    }

    @Test
    void noWebhooksNoPercentilesAndUnreadMetricsAreSaidToBeUnmeasured() {
        var same = buckets(0.05, 3, INF, 3);

        assertThat(WebhookAges.between(same, same)).isEqualTo(Map.of("webhooks", 0L));
        assertThat(WebhookAges.between(null, same)).isEqualTo(Map.of("webhooks", "not measured"));
    }

    private static TreeMap<Double, Long> buckets(Object... boundsAndCounts) {
        var buckets = new TreeMap<Double, Long>();
        for (int i = 0; i < boundsAndCounts.length; i += 2) {
            buckets.put(((Number) boundsAndCounts[i]).doubleValue(), ((Number) boundsAndCounts[i + 1]).longValue());
        }
        return buckets;
    }
}
