package io.orderflow.coreapi.billing;

import java.math.BigDecimal;
import java.util.List;

/** supplierOrderId is the supplier's own reference for the order (the order view's supplierOrderRef). */
public record InvoiceLine(String supplierOrderId, String supplierSku, int quantity, BigDecimal unitPrice) {

    public BigDecimal amount() {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }

    public static BigDecimal total(List<InvoiceLine> lines) {
        return lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
