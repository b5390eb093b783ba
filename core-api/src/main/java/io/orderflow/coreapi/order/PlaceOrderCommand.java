package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The customer's personal data arrives sealed: the order never holds it in clear text. */
public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String externalOrderId,
                                String currency, SealedPersonalData personalData, Destination destination,
                                List<OrderLine> lines, LocalDate promiseBy, String channel, Instant placedAt,
                                String paymentReference, NotificationConsent consent) {
}
