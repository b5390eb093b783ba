package io.orderflow.sandbox.suppliers;

/**
  * Shopify's cost-based rate limit for one shop: a leaky bucket of query cost points that refills at restoreRate per
  * second up to maximumAvailable. A query that costs more than is available is THROTTLED and costs nothing.
  */
public final class ShopBucket {

    public record Status(double maximumAvailable, double currentlyAvailable, double restoreRate) {}

    public record Stats(long requests, long throttled, Status status) {}

    private double maximum = 1000;
    private double restoreRate = 50;
    private double available = 1000;
    private long refilledAt = System.nanoTime();
    private long requests;
    private long throttled;

    /** Takes the cost if it fits and answers true; otherwise counts a throttled request. */
    public synchronized boolean take(double cost) {
        refill();
        requests++;
        if (available < cost) {
            throttled++;
            return false;
        }
        available -= cost;
        return true;
    }

    public synchronized Status status() {
        refill();
        return new Status(maximum, Math.floor(available), restoreRate);
    }

    /** Control API: a smaller, slower or emptied bucket; null leaves a value as it is. */
    public synchronized void configure(Double maximumAvailable, Double restorePerSecond, Double currentlyAvailable) {
        refill();
        if (maximumAvailable != null && maximumAvailable > 0) {
            maximum = maximumAvailable;
        }
        if (restorePerSecond != null && restorePerSecond > 0) {
            restoreRate = restorePerSecond;
        }
        if (currentlyAvailable != null && currentlyAvailable >= 0) {
            available = currentlyAvailable;
        }
        available = Math.min(available, maximum);
    }

    public synchronized Stats stats() {
        return new Stats(requests, throttled, status());
    }

    private void refill() {
        long now = System.nanoTime();
        available = Math.min(maximum, available + restoreRate * (now - refilledAt) / 1e9);
        refilledAt = now;
    }
}
