package io.orderflow.command.port;

import io.orderflow.coreapi.shared.RetailerId;

import java.util.List;

/** Port: the suppliers a retailer may route to, with their catalogs. Implemented in infra. */
public interface SupplierDirectory {

    List<SupplierOffer> suppliersOf(RetailerId retailer);
}
