package io.orderflow.coreapi.billing;

import java.time.Instant;

/** Supplier orders delivered before {@code deliveredBefore} with nothing billed for them; a list of at most limit. */
public record FindUninvoicedDeliveriesQuery(Instant deliveredBefore, int limit) {
}
