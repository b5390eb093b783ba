package io.orderflow.command.routing;

import io.orderflow.coreapi.shared.SupplierId;

/** A place stock can come from: one supplier location. */
public record Source(SupplierId supplierId, String locationId) {
}
