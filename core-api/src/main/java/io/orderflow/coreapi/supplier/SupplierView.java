package io.orderflow.coreapi.supplier;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A supplier's settings as the supplier directory holds them. Secrets are never part of it. */
public record SupplierView(String supplierId, String retailerId, int version, String name, SupplierConnector connector,
                           List<SupplierLocation> locations, List<String> shipsTo, int handlingDays,
                           Duration acceptanceSla, int dailyCapacity, int priority, boolean active, int catalogVersion,
                           Instant updatedAt) {
}
