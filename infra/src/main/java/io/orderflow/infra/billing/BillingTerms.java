package io.orderflow.infra.billing;

import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The terms invoices are held to: {@code orderflow.billing.price-tolerance} (per unit, in the order's currency;
 * default 0.01), {@code orderflow.billing.delivered-only-suppliers} (suppliers that may bill only what was delivered;
 * the others bill what they accepted and was not cancelled) and {@code orderflow.billing.not-invoiced-after}
 * (default 30 days after delivery), and {@code orderflow.billing.shipping-per-order} (suppliers' agreed shipping, a
 * flat charge per supplier order: {@code supplierId=amount,...}; a supplier not named has no shipping terms and its
 * shipping is not checked).
 */
@Component
public class BillingTerms {

    private final BigDecimal priceTolerance;
    private final Set<String> deliveredOnly;
    private final Duration notInvoicedAfter;
    private final Map<String, BigDecimal> shippingPerOrder;

    BillingTerms(@Value("${orderflow.billing.price-tolerance:0.01}") BigDecimal priceTolerance,
                 @Value("${orderflow.billing.delivered-only-suppliers:}") String deliveredOnly,
                 @Value("${orderflow.billing.not-invoiced-after:30d}") Duration notInvoicedAfter,
                 @Value("${orderflow.billing.shipping-per-order:}") String shippingPerOrder) {
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
        var terms = new java.util.HashMap<String, BigDecimal>();
        for (String term : shippingPerOrder.split(",")) {
            if (term.isBlank()) {
                continue;
            }
            int eq = term.indexOf('=');
            try {
                var amount = new BigDecimal(term.substring(eq + 1).trim());
                if (eq < 1 || amount.signum() < 0) {
                    throw new NumberFormatException();
                }
                terms.put(term.substring(0, eq).trim(), amount);
            } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("orderflow.billing.shipping-per-order takes supplierId=amount pairs,"
                        + " not '" + term.trim() + "'");
            }
        }
        this.shippingPerOrder = Map.copyOf(terms);
    }

    /** The supplier's agreed shipping per supplier order, if it has shipping terms. */
    public Optional<BigDecimal> shippingPerOrder(SupplierId supplierId) {
        return Optional.ofNullable(shippingPerOrder.get(supplierId.value()));
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
