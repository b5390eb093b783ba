package io.orderflow.command.order;

import io.orderflow.coreapi.shared.LineQuantity;

import java.util.List;

/** A package: one supplier fulfillment, its lines, and how far it got. */
class Shipment {

    private final String id;
    private final List<LineQuantity> lines;
    private boolean tracked;
    private boolean delivered;

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

    void markTracked() {
        tracked = true;
    }

    void markDelivered() {
        tracked = true;
        delivered = true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shipment other && id.equals(other.id) && lines.equals(other.lines)
                && tracked == other.tracked && delivered == other.delivered;
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }
}
