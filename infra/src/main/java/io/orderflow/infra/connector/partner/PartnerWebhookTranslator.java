package io.orderflow.infra.connector.partner;

import io.orderflow.coreapi.order.AcceptSupplierOrderCommand;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.ChangeShipmentStatusCommand;
import io.orderflow.coreapi.order.CreateFulfillmentCommand;
import io.orderflow.coreapi.order.DeliverShipmentCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RejectSupplierOrderCommand;
import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.order.TrackShipmentCommand;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.WebhookTranslation;
import io.orderflow.infra.inventory.InventoryWebhooks;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a partner webhook ({eventId, type, occurredAt, data}) and says which commands it asks for. */
@Component
public class PartnerWebhookTranslator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AllocationLinks allocations;

    PartnerWebhookTranslator(AllocationLinks allocations) {
        this.allocations = allocations;
    }

    public WebhookTranslation translate(String supplierId, byte[] body, long loggedAtMillis) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return WebhookTranslation.skip("malformed JSON");
        }
        var type = root.path("type").asString("");
        var data = root.path("data");
        if (InventoryWebhooks.TYPE.equals(type)) {
            return WebhookTranslation.stockLevel(data,
                    instant(root.path("occurredAt"), Instant.ofEpochMilli(loggedAtMillis)));
        }
        if ("invoice.issued".equals(type)) {
            return new WebhookTranslation.Invoice(data, instant(root.path("occurredAt"),
                    Instant.ofEpochMilli(loggedAtMillis)));
        }
        var reference = data.path("reference").asString(null);
        if (reference == null) {
            return WebhookTranslation.skip("no allocation reference");
        }
        var orderId = allocations.orderOf(supplierId, reference);
        if (orderId.isEmpty()) {
            // the dispatcher commits the link before the supplier is called, so a supplier cannot know a reference
            // we have not linked yet: an unknown one is a mistake (or forged), and waiting for it would only hold
            // up every delivery behind it on this partition
            return WebhookTranslation.skip("unknown allocation " + reference);
        }
        var order = new OrderId(orderId.get());
        var allocation = new AllocationId(reference);
        var occurredAt = instant(root.path("occurredAt"), Instant.ofEpochMilli(loggedAtMillis));
        return switch (type) {
            case "order.accepted" ->
                    WebhookTranslation.of(order, new AcceptSupplierOrderCommand(order, allocation, occurredAt));
            case "order.rejected" -> WebhookTranslation.of(order, new RejectSupplierOrderCommand(order, allocation,
                    rejectionReason(data.path("reason").asString(null)), occurredAt));
            case "fulfillment.created" -> {
                var commands = acceptance(order, allocation, data);
                commands.add(fulfillment(order, allocation, data, occurredAt));
                yield WebhookTranslation.of(order, commands.toArray());
            }
            case "shipment.tracked" ->
                    WebhookTranslation.of(order, shipmentReport(order, allocation, data, occurredAt).toArray());
            case "shipment.status_changed" -> {
                var status = shipmentStatus(data.path("status").asString(""));
                if (status.isEmpty()) {
                    yield WebhookTranslation.skip("unknown shipment status " + data.path("status").asString(""));
                }
                var commands = shipmentReport(order, allocation, data, occurredAt);
                commands.add(new ChangeShipmentStatusCommand(order, allocation, data.path("fulfillmentId").asString(),
                        status.get(), detail(data), occurredAt));
                yield WebhookTranslation.of(order, commands.toArray());
            }
            case "shipment.delivered" -> {
                var commands = shipmentReport(order, allocation, data, occurredAt);
                commands.add(new DeliverShipmentCommand(order, allocation, data.path("fulfillmentId").asString(),
                        instant(data.path("deliveredAt"), occurredAt)));
                yield WebhookTranslation.of(order, commands.toArray());
            }
            default -> WebhookTranslation.skip("type " + type + " is not handled yet");
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

    private CreateFulfillmentCommand fulfillment(OrderId order, AllocationId allocation, JsonNode data, Instant at) {
        var lines = new ArrayList<LineQuantity>();
        var units = allocations.units(allocation.value());
        data.path("lines").forEach(l -> {
            var lineId = l.path("lineReference").asString();
            // suppliers count their own units; a line of 2 six-packs is 12 of them
            lines.add(new LineQuantity(lineId, units.items(lineId, l.path("quantity").asInt())));
        });
        var shipDate = data.path("expectedShipDate").asString(null);
        return new CreateFulfillmentCommand(order, allocation, data.path("fulfillmentId").asString(), lines,
                shipDate == null ? null : LocalDate.parse(shipDate), instant(data.path("fulfilledAt"), at));
    }

    /**
     * A report about a package may arrive before the package's own creation or tracking report (webhooks overtake
     * each other). When it states the package's lines and tracking, those steps are taken first; each is a no-op
     * when already known, so the order ends the same whatever the arrival order.
     */
    private List<Object> shipmentReport(OrderId order, AllocationId allocation, JsonNode data, Instant at) {
        var commands = acceptance(order, allocation, data);
        if (data.path("lines").isArray() && !data.path("lines").isEmpty()) {
            commands.add(fulfillment(order, allocation, data, at));
        }
        var trackingNumber = data.path("trackingNumber").asString(null);
        if (trackingNumber != null) {
            commands.add(new TrackShipmentCommand(order, allocation, data.path("fulfillmentId").asString(),
                    data.path("carrier").asString(null), trackingNumber, data.path("trackingUrl").asString(null),
                    instant(data.path("shippedAt"), at)));
        }
        return commands;
    }

    /** The supplier's acceptance, when a later report states when it was: the order then records it at that time. */
    private static List<Object> acceptance(OrderId order, AllocationId allocation, JsonNode data) {
        var commands = new ArrayList<Object>();
        var acceptedAt = instant(data.path("acceptedAt"), null);
        if (acceptedAt != null) {
            commands.add(new AcceptSupplierOrderCommand(order, allocation, acceptedAt));
        }
        return commands;
    }

    private static Optional<ShipmentStatus> shipmentStatus(String name) {
        return Arrays.stream(ShipmentStatus.values()).filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** A carrier's note for people ("address not found"); kept short, it may be shown on the tracking page. */
    private static String detail(JsonNode data) {
        var detail = data.path("detail").asString(null);
        return detail == null || detail.length() <= 200 ? detail : detail.substring(0, 200);
    }

    static Instant instant(JsonNode node, Instant fallback) {
        try {
            return node.isString() ? Instant.parse(node.asString()) : fallback;
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
