package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a supplier or replaces its settings. Secrets travel elsewhere: never in a command or event. */
public record RegisterSupplierCommand(@TargetAggregateIdentifier SupplierId supplierId, RetailerId retailerId,
                                      String name, SupplierConnector connector, List<SupplierLocation> locations,
                                      Set<String> shipsTo, int handlingDays, Duration acceptanceSla,
                                      int dailyCapacity, int priority, boolean active) {
}
