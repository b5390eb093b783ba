package io.orderflow.sandbox.suppliers;

import java.time.Duration;
import java.util.Objects;

/** Delays are measured from the moment the supplier receives the order. */
public record BehaviourProfile(
        Duration acceptAfter,
        Duration fulfilAfter,
        Duration trackAfter,
        Duration deliverAfter,
        String carrier,
        boolean rejectAll) {

    public BehaviourProfile {
        requireNotNegative(acceptAfter, "acceptAfter");
        requireNotNegative(fulfilAfter, "fulfilAfter");
        requireNotNegative(trackAfter, "trackAfter");
        requireNotNegative(deliverAfter, "deliverAfter");
        carrier = carrier == null || carrier.isBlank() ? "DHL" : carrier;
    }

    public static BehaviourProfile fast() {
        return new BehaviourProfile(
                Duration.ofMillis(300), Duration.ofMillis(600), Duration.ofMillis(900), Duration.ofMillis(1200), "DHL", false);
    }

    private static void requireNotNegative(Duration delay, String name) {
        Objects.requireNonNull(delay, name);
        if (delay.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
