package io.orderflow.infra.connector.shopify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShopifyRateLimitsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Duration> slept = new ArrayList<>();
    private final ShopifyRateLimits limits = new ShopifyRateLimits(now::get, duration -> {
        slept.add(duration);
        now.addAndGet(duration.toNanos());
    });

    @Test
    void anUnknownShopIsCalledAtOnce() {
        limits.acquire("a.myshopify.com", 10);
        assertThat(slept).isEmpty();
        assertThat(limits.waited("a.myshopify.com")).isZero();
    }

    @Test
    void aCallWaitsUntilTheBucketHoldsItsCost() {
        limits.reported("a.myshopify.com", 2, 1000, 50);
        limits.acquire("a.myshopify.com", 12);
        // 10 points missing at 50 a second
        assertThat(slept).containsExactly(Duration.ofMillis(200));
        assertThat(limits.waited("a.myshopify.com")).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void pointsRestoredSinceTheReportCount() {
        limits.reported("a.myshopify.com", 0, 1000, 50);
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limits.waitFor("a.myshopify.com", 10)).isEqualTo(Duration.ofMillis(100));
        now.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(limits.waitFor("a.myshopify.com", 10)).isZero();
    }

    @Test
    void aCostAboveTheMaximumWaitsOnlyForAFullBucket() {
        limits.reported("a.myshopify.com", 0, 100, 50);
        assertThat(limits.waitFor("a.myshopify.com", 5000)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterHoldsEveryCallToThatShopOnly() {
        limits.retryAfter("a.myshopify.com", Duration.ofSeconds(2));
        assertThat(limits.waitFor("a.myshopify.com", 1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(limits.waitFor("b.myshopify.com", 1)).isZero();
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        limits.acquire("a.myshopify.com", 1);
        assertThat(slept).containsExactly(Duration.ofMillis(500));
    }

    @Test
    void aReportKeepsARetryAfterInForce() {
        limits.retryAfter("a.myshopify.com", Duration.ofSeconds(1));
        limits.reported("a.myshopify.com", 1000, 1000, 50);
        assertThat(limits.waitFor("a.myshopify.com", 1)).isEqualTo(Duration.ofSeconds(1));
    }
}
