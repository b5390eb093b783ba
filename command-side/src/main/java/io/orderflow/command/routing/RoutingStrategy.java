package io.orderflow.command.routing;

import io.orderflow.command.port.SupplierOffer;
import java.util.List;

/** Decides where lines go. Pure: no I/O, no clock, the same answer for the same input. */
public interface RoutingStrategy {

    RoutingPlan plan(RoutingRequest request, List<SupplierOffer> suppliers);
}
