package io.orderflow.command.stock;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CommitmentsTest {

    static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void canSettleExactlyWhatWasAcceptedUpToAnInstant() {
        var commitments = new Commitments();
        commitments.add(T, 2);
        commitments.add(T.plusMillis(1), 3);
        commitments.add(T, 1);
        assertEquals(3, commitments.acceptedUpTo(T));
        commitments.settleUpTo(T);
        assertEquals(3, commitments.total());
        assertEquals(1, commitments.buckets());
    }

    @Test
    void canMergeOnlyTowardsLaterSettlement() {
        var commitments = new Commitments();
        for (int i = 0; i <= Commitments.MAX_BUCKETS; i++) {
            commitments.add(T.plusSeconds(i), 1);
        }
        assertEquals(Commitments.MAX_BUCKETS, commitments.buckets());
        assertEquals(Commitments.MAX_BUCKETS + 1, commitments.total());
        // the oldest unit now settles with the second: nothing is settled early, so nothing is promised twice
        assertEquals(0, commitments.acceptedUpTo(T));
        assertEquals(2, commitments.acceptedUpTo(T.plusSeconds(1)));
    }

    @Test
    void canGiveBackALineFromWhereMergingMovedIt() {
        var commitments = new Commitments();
        for (int i = 0; i <= Commitments.MAX_BUCKETS; i++) {
            commitments.add(T.plusSeconds(i), 1);
        }
        commitments.remove(T, 1);
        assertEquals(Commitments.MAX_BUCKETS, commitments.total());
        assertEquals(1, commitments.acceptedUpTo(T.plusSeconds(1)));
    }

    @Test
    void cannotGoBelowNothing() {
        var commitments = new Commitments();
        commitments.add(T, 1);
        commitments.remove(T, 5);
        commitments.remove(null, 5);
        assertEquals(0, commitments.total());
        assertEquals(0, commitments.buckets());
    }
}
