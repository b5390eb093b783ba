package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;

import java.math.BigDecimal;

/** What an invoice must be before it is recorded; every entry checks this before sending, this is the last line. */
final class InvoiceRules {

    private InvoiceRules() {
    }

    static void check(ReceiveSupplierInvoiceCommand c) {
        require(c.invoiceNumber() != null && !c.invoiceNumber().isBlank(), "invoiceNumber is required");
        require(c.receiptId() != null && !c.receiptId().isBlank(), "a receipt id is required");
        require(c.currency() != null && c.currency().length() == 3, "currency must be an ISO 4217 code");
        require(c.issuedAt() != null, "issuedAt is required");
        require(c.lines() != null && !c.lines().isEmpty(), "an invoice needs at least one line");
        for (InvoiceLine line : c.lines()) {
            require(line.supplierOrderId() != null && !line.supplierOrderId().isBlank(),
                    "lines[].supplierOrderId is required");
            require(line.supplierSku() != null && !line.supplierSku().isBlank(), "lines[].supplierSku is required");
            require(line.quantity() > 0, "lines[].quantity must be positive");
            require(line.unitPrice() != null && line.unitPrice().signum() >= 0,
                    "lines[].unitPrice must not be negative");
        }
        require(c.shipping() == null || c.shipping().signum() >= 0, "shipping must not be negative");
        require(c.tax() == null || c.tax().signum() >= 0, "tax must not be negative");
    }

    private static void require(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }

    static BigDecimal orZero(BigDecimal amount) {
        return amount == null ? BigDecimal.ZERO : amount;
    }
}
