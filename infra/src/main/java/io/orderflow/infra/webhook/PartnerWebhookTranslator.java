package io.orderflow.infra.webhook;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RejectSupplierOrderCommand;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.inventory.InventoryWebhooks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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

    private final JdbcTemplate jdbc;
    private final InventoryWebhooks inventory;

    PartnerWebhookTranslator(JdbcTemplate jdbc, InventoryWebhooks inventory) {
        this.jdbc = jdbc;
        this.inventory = inventory;
    }

    /** orderId is the order the command is for: its original correlation id is the command's. */
    record Translation(Optional<Object> command, Optional<String> skipReason, Optional<String> orderId) {
        static Translation of(Object command) {
            return new Translation(Optional.of(command), Optional.empty(), Optional.empty());
        }

        static Translation of(OrderId order, Object command) {
            return new Translation(Optional.of(command), Optional.empty(), Optional.of(order.value()));
        }

        static Translation skip(String reason) {
            return new Translation(Optional.empty(), Optional.of(reason), Optional.empty());
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
        if (InventoryWebhooks.TYPE.equals(type)) {
            var report = inventory.levelReport(supplierId, data,
                    instant(root.path("occurredAt"), Instant.ofEpochMilli(loggedAtMillis)));
            return report.ok() ? Translation.of(report.command()) : Translation.skip(report.problem());
        }
        var reference = data.path("reference").asString(null);
        if (reference == null) {
            return Translation.skip("no allocation reference");
        }
        var orderId = orderOf(supplierId, reference);
        if (orderId.isEmpty()) {
            // the dispatcher commits the link before the supplier is called, so a supplier cannot know a reference
            // we have not linked yet: an unknown one is a mistake (or forged), and waiting for it would only hold
            // up every delivery behind it on this partition
            return Translation.skip("unknown allocation " + reference);
        }
        var order = new OrderId(orderId.get());
        var allocation = new AllocationId(reference);
        var occurredAt = instant(root.path("occurredAt"), Instant.ofEpochMilli(loggedAtMillis));
        return switch (type) {
            case "order.accepted" -> Translation.of(order, new AcceptSupplierOrderCommand(order, allocation, occurredAt));
            case "order.rejected" -> Translation.of(order, new RejectSupplierOrderCommand(order, allocation,
                    rejectionReason(data.path("reason").asString(null)), occurredAt));
            case "fulfillment.created" -> {
                var lines = new ArrayList<LineQuantity>();
                var unitsPerItem = unitsPerItem(allocation.value());
                data.path("lines").forEach(l -> {
                    var lineId = l.path("lineReference").asString();
                    // suppliers count their own units; a line of 2 six-packs is 12 of them
                    lines.add(new LineQuantity(lineId, l.path("quantity").asInt() / unitsPerItem.getOrDefault(lineId, 1)));
                });
                var shipDate = data.path("expectedShipDate").asString(null);
                yield Translation.of(order, new CreateFulfillmentCommand(order, allocation, data.path("fulfillmentId").asString(),
                        lines, shipDate == null ? null : LocalDate.parse(shipDate), occurredAt));
            }
            case "shipment.tracked" -> Translation.of(order, new TrackShipmentCommand(order, allocation,
                    data.path("fulfillmentId").asString(), data.path("carrier").asString(null),
                    data.path("trackingNumber").asString(null), data.path("trackingUrl").asString(null), occurredAt));
            case "shipment.delivered" -> Translation.of(order, new DeliverShipmentCommand(order, allocation,
                    data.path("fulfillmentId").asString(), instant(data.path("deliveredAt"), occurredAt)));
            default -> Translation.skip("type " + type + " is not handled yet");
        };
    }

    /** A partner's reason code in words people read on the timeline: OUT_OF_STOCK → "out of stock at supplier". */
    static String rejectionReason(String code) {
        if (code == null || code.isBlank()) {
            return "no reason given";
        }
        var words = code.trim().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return words.length() > 200 ? words.substring(0, 200) : words + " at supplier";
    }

    /** Per line of the allocation: supplier units per retailer item, as routing decided them. */
    private Map<String, Integer> unitsPerItem(String allocationId) {
        Map<String, Integer> ratios = new HashMap<>();
        jdbc.queryForList("SELECT lines::text FROM routing_decision WHERE allocation_id = ?", String.class, allocationId)
                .forEach(json -> JSON.readTree(json).forEach(line -> {
                    int quantity = line.path("quantity").asInt();
                    int units = line.path("supplierUnits").asInt();
                    if (quantity > 0 && units >= quantity && units % quantity == 0) {
                        ratios.put(line.path("lineId").asString(), units / quantity);
                    }
                }));
        return ratios;
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
