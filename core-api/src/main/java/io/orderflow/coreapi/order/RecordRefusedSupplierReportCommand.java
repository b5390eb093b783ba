package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * A supplier's report (webhook) about this order that the order refused for a business reason, e.g. a package with
 * lines the supplier was not given. Recorded so that people see it; the report itself changes nothing.
 */
public record RecordRefusedSupplierReportCommand(@TargetAggregateIdentifier OrderId orderId, SupplierId supplierId,
                                                 String report, String reason, String deliveryId, Instant receivedAt) {
}
