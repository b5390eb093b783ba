package io.orderflow.command.stock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Supplier units accepted but not yet in the supplier's reported level, summed per acceptance instant. A report
 * stated at an instant settles everything accepted up to it, so the lines themselves need not be kept: the
 * bookkeeping stays the same size however many lines a busy position commits between two reports. Beyond
 * {@link #MAX_BUCKETS} instants, the oldest is merged into the next: its units then settle with the later one, a
 * little later than they could, which only ever makes less available, never more.
 */
final class Commitments {

    static final int MAX_BUCKETS = 256;

    /** Oldest first. */
    private final List<Bucket> buckets = new ArrayList<>();
    private int total;

    record Bucket(Instant acceptedAt, int quantity) {
    }

    int total() {
        return total;
    }

    int buckets() {
        return buckets.size();
    }

    void add(Instant acceptedAt, int quantity) {
        int i = indexOfFirstNotBefore(acceptedAt);
        if (i < buckets.size() && buckets.get(i).acceptedAt().equals(acceptedAt)) {
            buckets.set(i, new Bucket(acceptedAt, buckets.get(i).quantity() + quantity));
        } else {
            buckets.add(i, new Bucket(acceptedAt, quantity));
        }
        total += quantity;
        if (buckets.size() > MAX_BUCKETS) {
            var oldest = buckets.removeFirst();
            var next = buckets.getFirst();
            buckets.set(0, new Bucket(next.acceptedAt(), next.quantity() + oldest.quantity()));
        }
    }

    /** Units accepted at or before the instant. */
    int acceptedUpTo(Instant instant) {
        int sum = 0;
        for (Bucket bucket : buckets) {
            if (bucket.acceptedAt().isAfter(instant)) {
                break;
            }
            sum += bucket.quantity();
        }
        return sum;
    }

    /** Drops the units accepted at or before the instant. */
    void settleUpTo(Instant instant) {
        while (!buckets.isEmpty() && !buckets.getFirst().acceptedAt().isAfter(instant)) {
            total -= buckets.removeFirst().quantity();
        }
    }

    /**
     * Gives back a line's units accepted at the instant: taken from the first bucket not before it (merging only ever
     * moves units later), and from the next ones if that holds less. Without an instant (histories written before
     * commitments kept one), from the oldest.
     */
    void remove(Instant acceptedAt, int quantity) {
        int left = quantity;
        int i = acceptedAt == null ? 0 : indexOfFirstNotBefore(acceptedAt);
        while (left > 0 && i < buckets.size()) {
            var bucket = buckets.get(i);
            int taken = Math.min(left, bucket.quantity());
            left -= taken;
            total -= taken;
            if (taken == bucket.quantity()) {
                buckets.remove(i);
            } else {
                buckets.set(i, new Bucket(bucket.acceptedAt(), bucket.quantity() - taken));
                i++;
            }
        }
    }

    private int indexOfFirstNotBefore(Instant instant) {
        int low = 0;
        int high = buckets.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (buckets.get(mid).acceptedAt().isBefore(instant)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
