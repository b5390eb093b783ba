package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Instant;

/** The retailer's orders at risk; deadlines (acceptance, promise date) count once they fall before the horizon. */
public record FindAtRiskOrdersQuery(RetailerId retailerId, Instant horizon, int limit) {
}
