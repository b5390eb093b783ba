package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The storefront cancels the whole order ({@code lines} empty) or some lines. */
public record CancelOrderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId,
                                 List<LineQuantity> lines, String reason, Instant requestedAt) {
}
