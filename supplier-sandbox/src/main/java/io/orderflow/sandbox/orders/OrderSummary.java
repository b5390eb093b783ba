package io.orderflow.sandbox.orders;

import java.time.Instant;

public record OrderSummary(String id, String reference, String idempotencyKey, OrderStatus status, Instant createdAt) {}
