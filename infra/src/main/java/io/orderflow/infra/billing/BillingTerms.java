package io.orderflow.infra.billing;

import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The terms invoices are held to: {@code orderflow.billing.price-tolerance} (per unit, in the order's currency;
 * default 0.01), {@code orderflow.billing.delivered-only-suppliers} (suppliers that may bill only what was delivered;
 * the others bill what they accepted and was not cancelled) and {@code orderflow.billing.not-invoiced-after}
 * (default 30 days after delivery).
 */
@Component
public class BillingTerms {

    private final BigDecimal priceTolerance;
    private final Set<String> deliveredOnly;
    private final Duration notInvoicedAfter;

    BillingTerms(@Value("${orderflow.billing.price-tolerance:0.01}") BigDecimal priceTolerance,
                 @Value("${orderflow.billing.delivered-only-suppliers:}") String deliveredOnly,
                 @Value("${orderflow.billing.not-invoiced-after:30d}") Duration notInvoicedAfter) {
        if (priceTolerance.signum() < 0) {
            throw new IllegalArgumentException("orderflow.billing.price-tolerance must not be negative");
        }
        if (notInvoicedAfter.isNegative() || notInvoicedAfter.isZero()) {
            throw new IllegalArgumentException("orderflow.billing.not-invoiced-after must be positive");
        }
        this.priceTolerance = priceTolerance;
        this.deliveredOnly = Arrays.stream(deliveredOnly.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        this.notInvoicedAfter = notInvoicedAfter;
    }

    public BigDecimal priceTolerance() {
        return priceTolerance;
    }

    public boolean deliveredOnly(SupplierId supplierId) {
        return deliveredOnly.contains(supplierId.value());
    }

    public Duration notInvoicedAfter() {
        return notInvoicedAfter;
    }
}
