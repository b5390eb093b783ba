package io.orderflow.infra.webhook;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a partner webhook ({eventId, type, occurredAt, data}) and says which command it asks for. */
@Component
class PartnerWebhookTranslator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a delivery naming an allocation we do not know yet is retried before it is given up. */
    private static final Duration UNKNOWN_REFERENCE_PATIENCE = Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;

    PartnerWebhookTranslator(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record Translation(Optional<Object> command, Optional<String> skipReason) {
        static Translation of(Object command) {
            return new Translation(Optional.of(command), Optional.empty());
        }

        static Translation skip(String reason) {
            return new Translation(Optional.empty(), Optional.of(reason));
        }
    }

    Translation translate(String supplierId, byte[] body, long loggedAtMillis) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return Translation.skip("malformed JSON");
        }
        var type = root.path("type").asString("");
        var data = root.path("data");
        var reference = data.path("reference").asString(null);
        if (reference == null) {
            return Translation.skip("no allocation reference");
        }
        var orderId = orderOf(supplierId, reference);
        if (orderId.isEmpty()) {
            if (Instant.ofEpochMilli(loggedAtMillis).plus(UNKNOWN_REFERENCE_PATIENCE).isBefore(Instant.now())) {
                return Translation.skip("unknown allocation " + reference);
            }
            throw new IllegalStateException("allocation " + reference + " of " + supplierId + " is not known yet");
        }
        var order = new OrderId(orderId.get());
        var allocation = new AllocationId(reference);
        var occurredAt = instant(root.path("occurredAt"), Instant.ofEpochMilli(loggedAtMillis));
        return switch (type) {
            case "order.accepted" -> Translation.of(new AcceptSupplierOrderCommand(order, allocation, occurredAt));
            case "fulfillment.created" -> {
                var lines = new ArrayList<LineQuantity>();
                data.path("lines").forEach(l -> lines.add(
                        new LineQuantity(l.path("lineReference").asString(), l.path("quantity").asInt())));
                var shipDate = data.path("expectedShipDate").asString(null);
                yield Translation.of(new CreateFulfillmentCommand(order, allocation, data.path("fulfillmentId").asString(),
                        lines, shipDate == null ? null : LocalDate.parse(shipDate), occurredAt));
            }
            case "shipment.tracked" -> Translation.of(new TrackShipmentCommand(order, allocation,
                    data.path("fulfillmentId").asString(), data.path("carrier").asString(null),
                    data.path("trackingNumber").asString(null), data.path("trackingUrl").asString(null), occurredAt));
            case "shipment.delivered" -> Translation.of(new DeliverShipmentCommand(order, allocation,
                    data.path("fulfillmentId").asString(), instant(data.path("deliveredAt"), occurredAt)));
            default -> Translation.skip("type " + type + " is not handled yet");
        };
    }

    private Optional<String> orderOf(String supplierId, String allocationId) {
        return jdbc.queryForList("SELECT order_id FROM supplier_order_link WHERE allocation_id = ? AND supplier_id = ?",
                String.class, allocationId, supplierId).stream().findFirst();
    }

    private static Instant instant(JsonNode node, Instant fallback) {
        try {
            return node.isString() ? Instant.parse(node.asString()) : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
