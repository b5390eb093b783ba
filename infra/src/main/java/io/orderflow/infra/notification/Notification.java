package io.orderflow.infra.notification;

import io.orderflow.infra.events.OrderIntegrationEvents;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * One e-mail a customer gets, decided from one integration event. The key makes it once-only: per event, except the
 * order confirmation, which is once per order however many suppliers accept their part.
 */
record Notification(Kind kind, String key, String orderId, String subject, String text) {

    enum Kind { CONFIRMED, SHIPPED, DELAYED, DELIVERY_ATTEMPTED, DELIVERY_FAILED, RETURNED, DELIVERED, CANCELLED }

    static Optional<Notification> of(String type, String eventId, JsonNode data) {
        var orderId = data.path("orderId").asString(null);
        if (orderId == null) {
            return Optional.empty();
        }
        var shipment = data.path("shipmentId").asString("");
        if (type.equals(OrderIntegrationEvents.SUPPLIER_ORDER_ACCEPTED)) {
            return Optional.of(new Notification(Kind.CONFIRMED, Kind.CONFIRMED + ":" + orderId, orderId,
                    "Your order is confirmed",
                    "Good news: your order was confirmed and is being prepared. We will write again when it ships."));
        }
        if (type.equals(OrderIntegrationEvents.SHIPMENT_TRACKED)) {
            var link = data.path("trackingUrl").asString(null);
            return Optional.of(perEvent(Kind.SHIPPED, eventId, orderId, "Your package is on its way",
                    "Package " + shipment + " has shipped with " + data.path("carrier").asString("the carrier")
                            + ", tracking number " + data.path("trackingNumber").asString("-") + "."
                            + (link == null ? "" : "\nFollow it here: " + link)));
        }
        if (type.equals(OrderIntegrationEvents.SHIPMENT_DELIVERED)) {
            return Optional.of(perEvent(Kind.DELIVERED, eventId, orderId, "Your package was delivered",
                    "Package " + shipment + " was delivered. Enjoy!"));
        }
        if (type.equals(OrderIntegrationEvents.LINES_CANCELLED)) {
            return Optional.of(perEvent(Kind.CANCELLED, eventId, orderId, "Your order was cancelled",
                    "Part or all of your order was cancelled. Any payment for it will be refunded."));
        }
        if (type.equals(OrderIntegrationEvents.SHIPMENT_STATUS_CHANGED)) {
            var detail = data.path("detail").asString(null);
            var because = detail == null || detail.isBlank() ? "" : " (" + detail + ")";
            return switch (data.path("status").asString("")) {
                case "DELAYED" -> Optional.of(perEvent(Kind.DELAYED, eventId, orderId, "Your package is delayed",
                        "Package " + shipment + " is delayed" + because + ". We are sorry for the wait."));
                case "ATTEMPTED_DELIVERY" -> Optional.of(perEvent(Kind.DELIVERY_ATTEMPTED, eventId, orderId,
                        "We missed you", "The carrier tried to deliver package " + shipment + because
                                + " and will try again."));
                case "DELIVERY_FAILED" -> Optional.of(perEvent(Kind.DELIVERY_FAILED, eventId, orderId,
                        "Your package could not be delivered", "Package " + shipment + " could not be delivered"
                                + because + ". We will get in touch about what happens next."));
                case "RETURNED" -> Optional.of(perEvent(Kind.RETURNED, eventId, orderId,
                        "Your package is going back", "Package " + shipment + " is being returned to the sender"
                                + because + ". We will get in touch about a new delivery or a refund."));
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static Notification perEvent(Kind kind, String eventId, String orderId, String subject, String text) {
        return new Notification(kind, kind + ":" + eventId, orderId, subject, text);
    }
}
