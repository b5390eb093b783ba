package io.orderflow.infra.connector;

import io.orderflow.coreapi.order.OrderId;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** What one supplier webhook asks of us, in our terms; a delivery may ask for several of these, applied in order. */
public sealed interface WebhookTranslation {

    /**
     * Commands for one order, sent in order: its original correlation id is theirs. Several when a report implies
     * earlier steps (a delivery states the package's lines and tracking).
     */
    record Commands(OrderId order, List<Object> commands) implements WebhookTranslation {
    }

    /** A stock level in the partner API's shape {@code {supplierSku, locationId, available, asOf}}, for inventory. */
    record StockLevel(JsonNode data, Instant occurredAt) implements WebhookTranslation {
    }

    /** An invoice in the partner API's shape (README, "Billing"): the {@code data} of {@code invoice.issued}. */
    record Invoice(JsonNode data, Instant occurredAt) implements WebhookTranslation {
    }

    /** Nothing to apply, and why (logged). */
    record Skip(String reason) implements WebhookTranslation {
    }

    static WebhookTranslation of(OrderId order, Object... commands) {
        return new Commands(order, List.of(commands));
    }

    static WebhookTranslation stockLevel(JsonNode data, Instant occurredAt) {
        return new StockLevel(data, occurredAt);
    }

    static WebhookTranslation skip(String reason) {
        return new Skip(reason);
    }
}
