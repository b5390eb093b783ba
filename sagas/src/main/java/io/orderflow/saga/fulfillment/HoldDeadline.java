package io.orderflow.saga.fulfillment;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How long a held order waits for a person ({@code orderflow.hold.deadline}, 72 hours): then the saga expires the
 * hold, which cancels the lines still waiting for a supplier, so no held order's saga lives for ever.
 */
@Component
public class HoldDeadline {

    static final Duration DEFAULT = Duration.ofHours(72);

    private final Duration timeout;

    public HoldDeadline(@Value("${orderflow.hold.deadline:72h}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("orderflow.hold.deadline must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }
}
