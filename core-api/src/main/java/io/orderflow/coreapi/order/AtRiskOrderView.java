package io.orderflow.coreapi.order;

import java.time.Instant;

/**
 * One reason an order needs operations' attention. subject: the allocation or shipment it concerns ("" for the order);
 * dueAt: the deadline about to be missed, for the reasons that have one.
 */
public record AtRiskOrderView(String orderId, String externalOrderId, String reason, String subject, String detail,
                                 Instant since, Instant dueAt) {
}
