package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Records that the order's data key was destroyed (GDPR art. 17); the retailer must own the order. */
public record ErasePersonalDataCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId,
                                       Instant erasedAt) {
}
