package io.orderflow.bench.load;

import java.util.TreeMap;

/**
 * Which global indexes of the event store the benchmark has not read yet although a higher one was: a transaction
 * took the index and had not committed when the higher one was read. Such an index is looked for again until it
 * turns up or its gap is older than the timeout (the append was rolled back). Reading each event once, and then
 * only the open gaps, instead of re-reading a fixed window below the head on every poll: that window (20,000 events
 * four times a second) cost PostgreSQL 0.14 cores at 20 orders/s, which the results counted as the service's.
 */
final class IndexGaps {

    private final long timeoutMillis;
    /** Open gap → when it was first seen (epoch ms). */
    private final TreeMap<Long, Long> open = new TreeMap<>();
    private long highest;

    IndexGaps(long highest, long timeoutMillis) {
        this.highest = highest;
        this.timeoutMillis = timeoutMillis;
    }

    /** The highest index read so far: the next poll reads past it. */
    long highest() {
        return highest;
    }

    /** The indexes to look for again. */
    Long[] open() {
        return open.keySet().toArray(Long[]::new);
    }

    /** An index was read at {@code now}: it closes its gap, or opens gaps for the indexes it skipped. */
    void read(long index, long now) {
        if (index > highest) {
            for (long skipped = highest + 1; skipped < index; skipped++) {
                open.put(skipped, now);
            }
            highest = index;
        } else {
            open.remove(index);
        }
    }

    /** Forgets gaps opened before {@code now} minus the timeout: their appends were rolled back. */
    void expire(long now) {
        open.values().removeIf(since -> now - since > timeoutMillis);
    }
}
