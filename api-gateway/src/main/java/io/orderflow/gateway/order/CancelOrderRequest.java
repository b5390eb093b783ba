package io.orderflow.gateway.order;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/orders/{orderId}/cancellation}: no lines (or no body) cancels the whole order;
 * a line without a quantity is cancelled whole.
 */
record CancelOrderRequest(@Size(max = 100) List<@NotNull @Valid LineBody> lines, @Size(max = 500) String reason) {

    record LineBody(@NotBlank @Size(max = 100) String lineId, @Positive Integer quantity) {
    }

    /** The body as hashed for idempotency: what is asked, in a fixed order. */
    String canonical(String orderId) {
        var text = new StringBuilder(orderId).append('|').append(reason == null ? "" : reason);
        if (lines != null) {
            lines.stream().map(l -> l.lineId() + "=" + (l.quantity() == null ? "*" : l.quantity())).sorted()
                    .forEach(l -> text.append('|').append(l));
        }
        return text.toString();
    }
}
