package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * personalData: the customer and the shipping address, sealed; destination: the coarse part of the address that
 * routing may see. paymentReference: the payment provider's reference or token (never card data; the gateway refuses
 * anything that looks like a card number), optional. consent: absent for an order that gave none, and in orders
 * placed before consent was recorded. Revision 1 carried the customer and address in clear text; an upcaster turns
 * it into this shape.
 */
@Revision("2")
public record OrderPlacedEvent(OrderId orderId, RetailerId retailerId, String externalOrderId, String currency,
                               SealedPersonalData personalData, Destination destination, List<OrderLine> lines,
                               LocalDate promiseBy, String channel, Instant placedAt, String paymentReference,
                               NotificationConsent consent) {

    public NotificationConsent consentOrNone() {
        return consent == null ? NotificationConsent.NONE : consent;
    }
}
