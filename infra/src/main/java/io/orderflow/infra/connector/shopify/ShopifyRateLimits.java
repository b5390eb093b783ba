package io.orderflow.infra.connector.shopify;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.springframework.stereotype.Component;

/**
 * Shopify's cost-based limit, per shop: a leaky bucket whose state every answer reports in
 * {@code extensions.cost.throttleStatus} (currentlyAvailable, maximumAvailable, restoreRate). Before a call this
 * projects what has been restored since the last report and waits until the call's cost fits; a THROTTLED error or a
 * 429 with Retry-After sets the state so that the next call waits the time the shop asked for. The wait blocks the
 * calling thread, which is an Axon processor thread (the supplier dispatcher) or the reconciliation's, never an event
 * loop.
 */
@Component
public class ShopifyRateLimits {

    /** The bucket as last reported, and when (nanoTime). */
    private record Bucket(double available, double maximum, double restoreRate, long reportedAt, long blockedUntil) {
    }

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, Long> waitedNanos = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    ShopifyRateLimits() {
        this(System::nanoTime, duration -> Thread.sleep(duration));
    }

    ShopifyRateLimits(LongSupplier nanoTime, Sleeper sleeper) {
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** How long a call of this cost must wait now; zero when the shop is unknown or the bucket holds enough. */
    Duration waitFor(String shop, double cost) {
        var bucket = buckets.get(shop);
        if (bucket == null) {
            return Duration.ZERO;
        }
        long now = nanoTime.getAsLong();
        long blocked = Math.max(0, bucket.blockedUntil() - now);
        double restored = bucket.restoreRate() * (now - bucket.reportedAt()) / 1e9;
        double available = Math.min(bucket.maximum(), bucket.available() + restored);
        long refill = 0;
        double needed = Math.min(cost, bucket.maximum());
        if (available < needed && bucket.restoreRate() > 0) {
            refill = (long) Math.ceil((needed - available) / bucket.restoreRate() * 1e9);
        }
        return Duration.ofNanos(Math.max(blocked, refill));
    }

    /** Waits until a call of this cost fits the shop's bucket. */
    void acquire(String shop, double cost) {
        var wait = waitFor(shop, cost);
        if (wait.isZero()) {
            return;
        }
        waitedNanos.merge(shop, wait.toNanos(), Long::sum);
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Shopify's rate limit of " + shop, e);
        }
    }

    /** What an answer's {@code extensions.cost.throttleStatus} said. */
    void reported(String shop, double currentlyAvailable, double maximumAvailable, double restoreRate) {
        long now = nanoTime.getAsLong();
        buckets.compute(shop, (key, old) -> new Bucket(currentlyAvailable, maximumAvailable, restoreRate, now,
                old == null ? 0 : old.blockedUntil()));
    }

    /** A 429 with Retry-After: nothing goes to the shop before it passed. */
    void retryAfter(String shop, Duration wait) {
        long until = nanoTime.getAsLong() + wait.toNanos();
        buckets.compute(shop, (key, old) -> old == null
                ? new Bucket(Double.MAX_VALUE, Double.MAX_VALUE, 0, nanoTime.getAsLong(), until)
                : new Bucket(old.available(), old.maximum(), old.restoreRate(), old.reportedAt(),
                Math.max(old.blockedUntil(), until)));
    }

    /** The time calls to this shop's API have waited for its rate limit since start (operations and tests). */
    public Duration waited(String shop) {
        return Duration.ofNanos(waitedNanos.getOrDefault(shop, 0L));
    }
}
