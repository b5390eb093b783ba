package io.orderflow.gateway.tracking;

import io.orderflow.coreapi.order.OrderView;
import io.orderflow.coreapi.shared.LineQuantity;
import io.orderflow.coreapi.tracking.OrderTracking;
import io.orderflow.gateway.tracking.TrackingPage.Item;
import io.orderflow.gateway.tracking.TrackingPage.Parcel;
import io.orderflow.gateway.tracking.TrackingPage.Step;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Tells an order the way a customer wants to hear it: where it is, what comes next, and why anything is late. */
final class TrackingPages {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.ENGLISH);

    private static final List<String> STEPS = List.of("placed", "accepted", "shipped", "delivered");

    private TrackingPages() {
    }

    /** firstName: the greeting's, or null when the customer gave none or it was erased. */
    static TrackingPage compose(OrderView view, OrderTracking tracking, String firstName, LocalDate today) {
        String status = view.status();
        var lines = view.lines() == null ? List.<OrderView.Line>of() : view.lines();
        Map<String, OrderView.Line> byLine = lines.stream()
                .collect(Collectors.toMap(OrderView.Line::lineId, Function.identity(), (a, b) -> a));
        var parcels = parcels(view, tracking, byLine);
        boolean anyShipped = parcels.stream().anyMatch(p -> p.shippedAt() != null || p.trackingNumber() != null
                || "DELIVERED".equals(p.status()));
        boolean finished = "DELIVERED".equals(status) || "CANCELLED".equals(status);
        var items = lines.stream().map(l -> new Item(l.sku(), l.quantity(), lineText(l.status()))).toList();
        return new TrackingPage(view.externalOrderId(), firstName, tracking.city(), status, finished,
                headline(status, anyShipped), summary(status, anyShipped, tracking.city()), tracking.promiseBy(),
                steps(status, anyShipped, tracking, parcels), parcels, items,
                notices(status, tracking, parcels, today), latest(view.updatedAt(), tracking.updatedAt()));
    }

    /** The first word of the name as given: never the rest of it. */
    static String firstName(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return name.strip().split("\\s+", 2)[0];
    }

    private static List<Parcel> parcels(OrderView view, OrderTracking tracking, Map<String, OrderView.Line> byLine) {
        var shipments = view.shipments() == null ? List.<OrderView.Shipment>of() : view.shipments();
        Map<String, OrderTracking.Parcel> details = tracking.parcels().stream()
                .collect(Collectors.toMap(OrderTracking.Parcel::shipmentId, Function.identity(), (a, b) -> a));
        var parcels = new ArrayList<Parcel>();
        for (int i = 0; i < shipments.size(); i++) {
            var shipment = shipments.get(i);
            var detail = details.get(shipment.shipmentId());
            var items = (shipment.lines() == null ? List.<LineQuantity>of() : shipment.lines()).stream()
                    .map(q -> new Item(byLine.containsKey(q.lineId()) ? byLine.get(q.lineId()).sku() : "item",
                            q.quantity(), null))
                    .toList();
            parcels.add(new Parcel(i + 1, shipment.status(), parcelText(shipment.status()), shipment.carrier(),
                    shipment.trackingNumber(), safeLink(shipment.trackingUrl()),
                    detail == null ? null : detail.expectedShipDate(), detail == null ? null : detail.shippedAt(),
                    detail == null ? null : detail.deliveredAt(), items));
        }
        return parcels;
    }

    /** A link from a supplier's webhook is followed by a customer's browser: only plain web addresses pass. */
    static String safeLink(String url) {
        if (url == null || url.length() > 2048) {
            return null;
        }
        try {
            var uri = new URI(url);
            String scheme = uri.getScheme();
            return ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme)) && uri.getHost() != null
                    ? uri.toASCIIString() : null;
        } catch (Exception notAUri) {
            return null;
        }
    }

    private static int reached(String status, boolean anyShipped) {
        return switch (status) {
            case "ACCEPTED" -> 1;
            case "IN_FULFILLMENT" -> anyShipped ? 2 : 1;
            case "SHIPPED" -> 2;
            case "DELIVERED" -> 3;
            default -> 0;
        };
    }

    private static List<Step> steps(String status, boolean anyShipped, OrderTracking tracking, List<Parcel> parcels) {
        int reached = reached(status, anyShipped);
        boolean cancelled = "CANCELLED".equals(status);
        Instant shippedAt = parcels.stream().map(Parcel::shippedAt).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(null);
        Instant deliveredAt = tracking.completedAt() != null ? tracking.completedAt()
                : parcels.stream().map(Parcel::deliveredAt).filter(Objects::nonNull).max(Comparator.naturalOrder())
                .orElse(null);
        List<Instant> times = java.util.Arrays.asList(tracking.placedAt(), tracking.acceptedAt(), shippedAt,
                deliveredAt);
        var steps = new ArrayList<Step>();
        for (int i = 0; i < STEPS.size(); i++) {
            String state = cancelled ? (i == 0 ? Step.DONE : Step.UPCOMING)
                    : i < reached ? Step.DONE : i == reached ? Step.CURRENT : Step.UPCOMING;
            String label = switch (STEPS.get(i)) {
                case "placed" -> "Placed";
                case "accepted" -> "Accepted";
                case "shipped" -> "IN_FULFILLMENT".equals(status) && anyShipped ? "Partly shipped" : "Shipped";
                default -> "Delivered";
            };
            steps.add(new Step(STEPS.get(i), label, state, i <= reached && !cancelled ? times.get(i) : null));
        }
        return steps;
    }

    static String headline(String status, boolean anyShipped) {
        return switch (status) {
            case "PLACED", "ROUTING" -> "We have received your order";
            case "AWAITING_SUPPLIER" -> "Your order is waiting to be accepted";
            case "ACCEPTED" -> "Your order has been accepted";
            case "IN_FULFILLMENT" -> anyShipped ? "Part of your order is on its way" : "Your order is being packed";
            case "SHIPPED" -> "Your order is on its way";
            case "DELIVERED" -> "Your order has been delivered";
            case "BACKORDERED" -> "Your order is waiting for stock";
            case "ON_HOLD" -> "We are taking a closer look at your order";
            case "CANCELLED" -> "Your order was cancelled";
            default -> "Your order is in progress";
        };
    }

    private static String summary(String status, boolean anyShipped, String city) {
        String to = city == null ? "" : " to " + city;
        return switch (status) {
            case "PLACED", "ROUTING" -> "We are choosing where to send it from.";
            case "AWAITING_SUPPLIER" -> "It has been passed on and should be confirmed shortly.";
            case "ACCEPTED" -> "It will be packed and sent" + to + " soon.";
            case "IN_FULFILLMENT" -> anyShipped ? "The rest will follow" + to + " as soon as it is packed."
                    : "It will leave for" + (city == null ? " you" : " " + city) + " soon.";
            case "SHIPPED" -> "It is travelling" + to + ".";
            case "DELIVERED" -> "Everything has arrived" + (city == null ? "" : " in " + city) + ". Enjoy!";
            case "BACKORDERED" -> "We will send it as soon as new stock arrives.";
            case "ON_HOLD" -> "You do not need to do anything; this page will update.";
            case "CANCELLED" -> "Nothing more will be sent.";
            default -> "This page updates as your order moves.";
        };
    }

    private static List<String> notices(String status, OrderTracking tracking, List<Parcel> parcels, LocalDate today) {
        boolean open = !"DELIVERED".equals(status) && !"CANCELLED".equals(status);
        var notices = new ArrayList<String>();
        if (open && tracking.reroutes() > 0) {
            notices.add(tracking.reroutes() == 1
                    ? "The first supplier we chose could not confirm your order in time, so we passed it to another"
                    + " one. This may add a little time."
                    : "The suppliers we chose first could not confirm your order in time, so we passed it on again."
                    + " This may add some time.");
        }
        if ("BACKORDERED".equals(status)) {
            notices.add("Some of your items are out of stock right now. We will send them as soon as new stock"
                    + " arrives.");
        }
        if ("ON_HOLD".equals(status)) {
            notices.add("Your order needs a quick check by our team before it can continue. You do not need to do"
                    + " anything.");
        }
        for (Parcel parcel : parcels) {
            if (parcel.shippedAt() == null && parcel.trackingNumber() == null && parcel.expectedShipDate() != null
                    && parcel.expectedShipDate().isBefore(today) && !"DELIVERED".equals(parcel.status())) {
                notices.add("Parcel " + parcel.number() + " was expected to leave on "
                        + DAY.format(parcel.expectedShipDate()) + " and has not left yet. We are following it up.");
            }
            String carrier = parcel.carrier() == null ? "The carrier" : parcel.carrier();
            switch (parcel.status() == null ? "" : parcel.status()) {
                case "DELAYED" -> notices.add("Parcel " + parcel.number() + " is delayed on its way: " + carrier
                        + " is running late.");
                case "ATTEMPTED_DELIVERY" -> notices.add(carrier + " tried to deliver parcel " + parcel.number()
                        + " but could not. They will try again or leave a note.");
                case "DELIVERY_FAILED" -> notices.add(carrier + " could not deliver parcel " + parcel.number()
                        + ". We will be in touch about what happens next.");
                case "RETURNED" -> notices.add("Parcel " + parcel.number()
                        + " is on its way back to the sender. We will be in touch.");
                default -> {
                }
            }
        }
        if (open && tracking.promiseBy() != null && tracking.promiseBy().isBefore(today)) {
            notices.add("We promised delivery by " + DAY.format(tracking.promiseBy())
                    + " and your order is running late. We are sorry for the wait.");
        }
        return notices;
    }

    private static String parcelText(String status) {
        return switch (status == null ? "" : status) {
            case "PREPARING" -> "Being packed";
            case "IN_TRANSIT" -> "On its way";
            case "OUT_FOR_DELIVERY" -> "Out for delivery";
            case "DELIVERED" -> "Delivered";
            case "DELAYED" -> "Delayed";
            case "ATTEMPTED_DELIVERY" -> "Delivery attempted";
            case "DELIVERY_FAILED" -> "Could not be delivered";
            case "RETURNED" -> "Going back to the sender";
            default -> "In progress";
        };
    }

    private static String lineText(String status) {
        return switch (status == null ? "" : status) {
            case "PLACED", "ROUTING", "AWAITING_SUPPLIER" -> "Ordered";
            case "ACCEPTED" -> "Accepted";
            case "IN_FULFILLMENT" -> "Being packed";
            case "SHIPPED" -> "On its way";
            case "DELIVERED" -> "Delivered";
            case "BACKORDERED" -> "Waiting for stock";
            case "ON_HOLD" -> "Being checked";
            case "CANCELLED" -> "Cancelled";
            default -> "In progress";
        };
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
