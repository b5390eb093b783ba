package io.orderflow.command.order;

import io.orderflow.coreapi.order.ShipmentStatus;
import io.orderflow.coreapi.shared.LineQuantity;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A package: one supplier fulfillment, its lines, and how far it got. Carrier progress only moves forward
 * (in transit, out for delivery, delivered); exceptions (delayed, attempted, failed) are facts recorded once each.
 */
class Shipment {

    private final String id;
    private final List<LineQuantity> lines;
    private boolean tracked;
    private boolean delivered;
    private Instant deliveredAt;
    private boolean returned;
    private int progress;
    private final Set<String> exceptions = new HashSet<>();

    Shipment(String id, List<LineQuantity> lines) {
        this.id = id;
        this.lines = List.copyOf(lines);
    }

    String id() {
        return id;
    }

    List<LineQuantity> lines() {
        return lines;
    }

    boolean isTracked() {
        return tracked;
    }

    boolean isDelivered() {
        return delivered;
    }

    boolean isReturned() {
        return returned;
    }

    /**
     * Whether a carrier report would add anything: nothing moves a delivered or returned package back, a progress
     * report behind the furthest one seen is late, and an exception reported twice (same status, same moment) is a repeat.
     */
    boolean wouldChange(ShipmentStatus status, Instant occurredAt) {
        if (delivered || returned) {
            return false;
        }
        return switch (status) {
            case IN_TRANSIT, OUT_FOR_DELIVERY -> progressRank(status) > progress;
            case DELAYED, ATTEMPTED_DELIVERY, DELIVERY_FAILED -> !exceptions.contains(exceptionKey(status, occurredAt));
            case RETURNED -> true;
        };
    }

    void markTracked() {
        tracked = true;
    }

    void markDelivered(Instant at) {
        delivered = true;
        deliveredAt = at;
    }

    Instant deliveredAt() {
        return deliveredAt;
    }

    void record(ShipmentStatus status, Instant occurredAt) {
        switch (status) {
            case IN_TRANSIT, OUT_FOR_DELIVERY -> progress = Math.max(progress, progressRank(status));
            case DELAYED, ATTEMPTED_DELIVERY, DELIVERY_FAILED -> exceptions.add(exceptionKey(status, occurredAt));
            case RETURNED -> returned = true;
        }
    }

    private static int progressRank(ShipmentStatus status) {
        return status == ShipmentStatus.OUT_FOR_DELIVERY ? 2 : 1;
    }

    private static String exceptionKey(ShipmentStatus status, Instant occurredAt) {
        return status + "@" + occurredAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shipment other && id.equals(other.id) && lines.equals(other.lines)
                && tracked == other.tracked && delivered == other.delivered && returned == other.returned
                && progress == other.progress && exceptions.equals(other.exceptions);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
