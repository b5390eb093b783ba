package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String externalOrderId,
                                String currency, Customer customer, ShippingAddress shipTo, List<OrderLine> lines,
                                LocalDate promiseBy, String channel, Instant placedAt, String paymentReference) {

    public PlaceOrderCommand(OrderId orderId, RetailerId retailerId, String externalOrderId, String currency,
                             Customer customer, ShippingAddress shipTo, List<OrderLine> lines, LocalDate promiseBy,
                             String channel, Instant placedAt) {
        this(orderId, retailerId, externalOrderId, currency, customer, shipTo, lines, promiseBy, channel, placedAt, null);
    }
}
