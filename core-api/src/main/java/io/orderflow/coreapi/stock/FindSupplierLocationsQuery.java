package io.orderflow.coreapi.stock;

import io.orderflow.coreapi.shared.RetailerId;

/** Answered with an Optional of SupplierLocations, empty when the retailer has no such supplier. */
public record FindSupplierLocationsQuery(RetailerId retailerId, String supplierId) {
}
