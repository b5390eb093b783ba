package io.orderflow.coreapi.order;

import io.orderflow.coreapi.shared.RetailerId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.axonframework.serialization.Revision;

/** Nobody released the order within the hold deadline; lineIds (its open lines) are cancelled next. */
@Revision("1")
public record OrderHoldExpiredEvent(OrderId orderId, RetailerId retailerId, Duration heldFor, List<String> lineIds,
                                    Instant expiredAt) {
}
