package io.orderflow.coreapi.query;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/** The retailer's orders at risk; deadlines (acceptance, promise date) count once they fall before the horizon. */
public record FindOrderExceptionsQuery(RetailerId retailerId, Instant horizon, int limit) {
}
