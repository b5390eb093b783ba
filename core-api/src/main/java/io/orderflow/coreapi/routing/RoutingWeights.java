package io.orderflow.coreapi.routing;

/** How much each score counts; any non-negative numbers (they are normalised by their sum). */
public record RoutingWeights(double proximity, double cost, double priority, double promise, double reliability,
                             double stock) {

    public static RoutingWeights balanced() {
        return new RoutingWeights(1, 1, 1, 1, 1, 1);
    }
}
