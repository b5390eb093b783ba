package io.orderflow.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndexGapsTest {

    @Test
    void anIndexSkippedByAReadIsLookedForUntilItTurnsUp() {
        var gaps = new IndexGaps(10, 60_000);
        gaps.read(11, 0);
        gaps.read(14, 0);
        assertThat(gaps.highest()).isEqualTo(14);
        assertThat(gaps.open()).containsExactly(12L, 13L);

        // 13's transaction commits late: the next poll finds it among the open gaps
        gaps.read(13, 500);
        assertThat(gaps.open()).containsExactly(12L);
        assertThat(gaps.highest()).isEqualTo(14);
    }

    @Test
    void aGapOlderThanTheTimeoutIsForgottenAsRolledBack() {
        var gaps = new IndexGaps(0, 60_000);
        gaps.read(2, 1_000);
        gaps.read(5, 30_000);
        gaps.expire(61_001);
        assertThat(gaps.open()).containsExactly(3L, 4L);
        gaps.expire(90_001);
        assertThat(gaps.open()).isEmpty();
        assertThat(gaps.highest()).isEqualTo(5);
    }

    @Test
    void anIndexReadAgainOpensNothing() {
        var gaps = new IndexGaps(0, 60_000);
        gaps.read(1, 0);
        gaps.read(1, 0);
        assertThat(gaps.open()).isEmpty();
        assertThat(gaps.highest()).isEqualTo(1);
    }
}
