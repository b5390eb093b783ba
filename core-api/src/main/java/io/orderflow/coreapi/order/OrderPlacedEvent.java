package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.axonframework.serialization.Revision;

/**
 * paymentReference: the payment provider's reference or token for the order (never card data; the gateway refuses
 * anything that looks like a card number). Optional; absent in events stored before it was added, which read it as
 * null, so the revision stays.
 */
@Revision("1")
public record OrderPlacedEvent(OrderId orderId, RetailerId retailerId, String externalOrderId, String currency,
                               Customer customer, ShippingAddress shipTo, List<OrderLine> lines, LocalDate promiseBy,
                               String channel, Instant placedAt, String paymentReference) {

    public OrderPlacedEvent(OrderId orderId, RetailerId retailerId, String externalOrderId, String currency,
                            Customer customer, ShippingAddress shipTo, List<OrderLine> lines, LocalDate promiseBy,
                            String channel, Instant placedAt) {
        this(orderId, retailerId, externalOrderId, currency, customer, shipTo, lines, promiseBy, channel, placedAt, null);
    }
}
