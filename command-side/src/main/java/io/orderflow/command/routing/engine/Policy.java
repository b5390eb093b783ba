package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.routing.UnroutableAction;

import java.util.Objects;

/** The routing policy version in force; maxRerouteAttempts is carried for the saga, the engine does not use it. */
public record Policy(String version, int maxSuppliersPerOrder, int maxRerouteAttempts, UnroutableAction unroutable,
                     Weights weights) {

    public Policy {
        Objects.requireNonNull(version, "policy version");
        if (maxSuppliersPerOrder < 1) {
            throw new IllegalArgumentException("maxSuppliersPerOrder must be at least 1");
        }
        if (maxRerouteAttempts < 0) {
            throw new IllegalArgumentException("maxRerouteAttempts must not be negative");
        }
        Objects.requireNonNull(unroutable, "unroutable action");
        Objects.requireNonNull(weights, "weights");
    }

    /** Relative weights; only their ratios matter, since the combined score is divided by their sum. */
    public record Weights(double proximity, double cost, double priority, double promise, double reliability,
                          double stock) {

        public Weights {
            for (double w : new double[] {proximity, cost, priority, promise, reliability, stock}) {
                if (!(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("weights must be finite and not negative");
                }
            }
        }

        static Weights equal() {
            return new Weights(1, 1, 1, 1, 1, 1);
        }

        double sum() {
            return proximity + cost + priority + promise + reliability + stock;
        }
    }
}
