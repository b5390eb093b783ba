package io.orderflow.bench.load;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the supplier webhooks waited between their acceptance (the Kafka record) and their handling by the
 * webhook consumer, as the service counts it ({@code orderflow.webhooks.age}, read from every node's
 * {@code /actuator/prometheus}). Read before and after a step and set beside the sandbox's own delivery delays, it
 * tells whether the webhooks' way back to the order waits in Kafka (a consumer that falls behind).
 */
final class WebhookAges {

    private static final Pattern BUCKET =
            Pattern.compile("^orderflow_webhooks_age_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$");

    private final List<URI> nodes;

    WebhookAges(List<URI> nodes) {
        this.nodes = nodes;
    }

    /**
     * Cumulative counts by bucket bound (seconds; +Inf as infinity), summed over nodes and connectors; null when a
     * node's metrics cannot be read (a target whose keys are not the development ones).
     */
    TreeMap<Double, Long> scrape() {
        var buckets = new TreeMap<Double, Long>();
        for (URI node : nodes) {
            String text;
            try {
                text = Http.text(node.resolve("/actuator/prometheus"), Http.ADMIN_KEY);
            } catch (IllegalStateException unreadable) {
                System.err.println("webhook ages not measured: " + unreadable.getMessage());
                return null;
            }
            text.lines().map(BUCKET::matcher).filter(Matcher::matches).forEach(m -> {
                double bound = "+Inf".equals(m.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                buckets.merge(bound, Math.round(Double.parseDouble(m.group(2))), Long::sum);
            });
        }
        return buckets;
    }

    /**
     * The webhooks handled between two scrapes, and the bucket bounds their p50 and p99 fall under (the service
     * publishes buckets, not the ages themselves: "at most 250 ms").
     */
    static Map<String, Object> between(TreeMap<Double, Long> before, TreeMap<Double, Long> after) {
        var result = new LinkedHashMap<String, Object>();
        if (before == null || after == null) {
            result.put("webhooks", "not measured");
            return result;
        }
        long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
        result.put("webhooks", total);
        if (total > 0) {
            result.put("p50AtMostMs", bound(before, after, total * 0.5));
            result.put("p99AtMostMs", bound(before, after, total * 0.99));
        }
        return result;
    }

    private static Object bound(TreeMap<Double, Long> before, TreeMap<Double, Long> after, double rank) {
        for (var bucket : after.entrySet()) {
            long count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
            if (count >= rank) {
                return bucket.getKey().isInfinite() ? "more than the largest bucket" : Math.round(bucket.getKey() * 1000);
            }
        }
        return "unknown";
    }
}
