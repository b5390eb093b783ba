package io.orderflow.coreapi.routing;

import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Instant;
import java.util.List;

/** One allocation's routing decision: where the lines went, under which policy version, and why. */
public record RoutingDecisionView(String allocationId, String supplierId, String locationId, String policyVersion,
                                  Instant decidedAt, List<LineQuantity> lines, RoutingExplanation explanation) {
}
