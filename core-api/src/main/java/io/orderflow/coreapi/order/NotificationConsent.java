package io.orderflow.coreapi.order;

import java.time.Instant;

/**
 * What the customer agreed to be told about the order, when and where they said so (the checkout, a call centre).
 * Nothing is sent on a channel without it; an order without a consent gets no messages.
 */
public record NotificationConsent(boolean email, boolean sms, Instant givenAt, String source) {

    public static final NotificationConsent NONE = new NotificationConsent(false, false, null, null);
}
