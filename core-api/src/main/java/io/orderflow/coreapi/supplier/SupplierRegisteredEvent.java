package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.serialization.Revision;

/** The supplier's full settings as of this registration (first or later); version counts registrations. */
@Revision("1")
public record SupplierRegisteredEvent(SupplierId supplierId, RetailerId retailerId, int version, String name,
                                      SupplierConnector connector, List<SupplierLocation> locations,
                                      Set<String> shipsTo, int handlingDays, Duration acceptanceSla,
                                      int dailyCapacity, int priority, boolean active) {
}
