package io.orderflow.coreapi.supplier;

import io.orderflow.coreapi.shared.RetailerId;

/** Every supplier of the retailer, by id, with its scorecard. */
public record FindSuppliersQuery(RetailerId retailerId) {
}
