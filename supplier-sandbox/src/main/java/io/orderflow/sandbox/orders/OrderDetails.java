package io.orderflow.sandbox.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What {@code GET /partner/{supplierId}/orders/{id}} shows; fulfillment details appear once they happened. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderDetails(
        String id,
        String reference,
        String orderReference,
        OrderStatus status,
        Instant createdAt,
        List<NewOrder.Line> lines,
        NewOrder.ShipTo shipTo,
        List<Fulfillment> fulfillments) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Fulfillment(
            String fulfillmentId,
            List<FulfilledLine> lines,
            LocalDate expectedShipDate,
            String carrier,
            String trackingNumber,
            String trackingUrl,
            Instant shippedAt,
            Instant deliveredAt) {}

    public record FulfilledLine(String lineReference, int quantity) {}
}
