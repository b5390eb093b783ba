package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The customer's personal data arrives sealed: the order never holds it in clear text. holdReason, when given, puts
 * the order on hold as it is placed (a line the storefront sent without a SKU, or with one no catalog knows), so that
 * routing never starts before a person has looked.
 */
public record PlaceOrderCommand(@TargetAggregateIdentifier OrderId orderId, RetailerId retailerId, String externalOrderId,
                                String currency, SealedPersonalData personalData, Destination destination,
                                List<OrderLine> lines, LocalDate promiseBy, String channel, Instant placedAt,
                                String paymentReference, NotificationConsent consent, String holdReason) {

    public PlaceOrderCommand(OrderId orderId, RetailerId retailerId, String externalOrderId, String currency,
                             SealedPersonalData personalData, Destination destination, List<OrderLine> lines,
                             LocalDate promiseBy, String channel, Instant placedAt, String paymentReference,
                             NotificationConsent consent) {
        this(orderId, retailerId, externalOrderId, currency, personalData, destination, lines, promiseBy, channel,
                placedAt, paymentReference, consent, null);
    }
}
