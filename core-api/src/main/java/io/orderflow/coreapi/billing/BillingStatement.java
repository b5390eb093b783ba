package io.orderflow.coreapi.billing;

import java.math.BigDecimal;
import java.util.List;

/**
 * A supplier's orders accepted in one month (UTC): what each should cost, what was billed for it and the difference
 * (billed − expected), with totals per currency. Invoice-level shipping and tax are totalled apart.
 */
public record BillingStatement(String supplierId, String period, List<Row> orders, List<Total> totals) {

    public record Row(String orderId, String allocationId, String supplierOrderId, String currency,
                      BigDecimal expected, BigDecimal billed, BigDecimal difference, List<String> invoiceNumbers) {
    }

    public record Total(String currency, BigDecimal expected, BigDecimal billed, BigDecimal difference,
                        BigDecimal shipping, BigDecimal tax) {
    }
}
