package io.orderflow.command.routing.engine;

import io.orderflow.coreapi.shared.SupplierId;

import java.util.Objects;

/** One supplier location: the unit that gets an allocation, and that can fail on an order. */
public record SourceRef(SupplierId supplierId, String locationId) {

    public SourceRef {
        Objects.requireNonNull(supplierId, "supplier id");
        Objects.requireNonNull(locationId, "location id");
    }
}
