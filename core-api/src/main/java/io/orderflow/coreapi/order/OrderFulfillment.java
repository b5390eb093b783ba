package io.orderflow.coreapi.order;

import java.time.Duration;

/** What the fulfillment saga, the routing it asks for and the wiring that runs it agree on. */
public final class OrderFulfillment {

    /** The processing group of the fulfillment saga: its tokens, its processor settings, its node role. */
    public static final String PROCESSING_GROUP = "OrderFulfillmentSagaProcessor";

    /** How long a supplier has to accept an order when its terms name no acceptance SLA. */
    public static final Duration DEFAULT_ACCEPTANCE_SLA = Duration.ofHours(24);

    private OrderFulfillment() {
    }
}
