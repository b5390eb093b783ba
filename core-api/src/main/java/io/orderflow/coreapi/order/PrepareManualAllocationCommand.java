package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks the order whether these lines may be assigned by hand now (they wait for a supplier, and the order is held
 * or they are backordered); answers a ticket, changes nothing. Sent by the manual allocation handler.
 */
public record PrepareManualAllocationCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId,
                                             List<String> lineIds) {
}
