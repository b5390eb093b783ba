package io.orderflow.coreapi.billing;

import io.orderflow.coreapi.shared.InputRules;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

/**
 * What an invoice must be, whichever way it came (upload, webhook, Shopify): every entry asks this before it sends
 * the invoice on, and the invoice aggregate asks again. Each problem names its field.
 */
public final class InvoiceRules {

    public static final int MAX_LINES = 1_000;
    public static final int MAX_TEXT = 200;
    public static final int MAX_QUANTITY = 1_000_000;
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
    private static final int MAX_SCALE = 6;
    /** Invoices (and statement months) from these years only: a date no database column or person means is refused. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    public record Problem(String field, String message) {
    }

    private InvoiceRules() {
    }

    public static List<Problem> problems(String invoiceNumber, String currency, List<InvoiceLine> lines,
                                         BigDecimal shipping, BigDecimal tax, Instant issuedAt) {
        var problems = new ArrayList<Problem>();
        text(problems, "invoiceNumber", invoiceNumber);
        if (issuedAt == null) {
            problems.add(new Problem("issuedAt", "is required (RFC 3339)"));
        } else if (issuedAt.isBefore(EARLIEST) || !issuedAt.isBefore(LATEST)) {
            problems.add(new Problem("issuedAt", "must lie in the years 2000 to 2099"));
        }
        if (currency == null || !currency.matches("[A-Z]{3}") || !known(currency)) {
            problems.add(new Problem("currency", "must be an ISO 4217 code such as EUR"));
        }
        if (lines == null || lines.isEmpty()) {
            problems.add(new Problem("lines", "an invoice needs at least one line"));
        } else if (lines.size() > MAX_LINES) {
            problems.add(new Problem("lines", "at most " + MAX_LINES + " lines"));
        } else {
            for (int i = 0; i < lines.size(); i++) {
                var line = lines.get(i);
                String at = "lines[" + i + "].";
                if (line == null) {
                    problems.add(new Problem("lines[" + i + "]", "must not be null"));
                    continue;
                }
                text(problems, at + "supplierOrderId", line.supplierOrderId());
                text(problems, at + "supplierSku", line.supplierSku());
                if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                    problems.add(new Problem(at + "quantity", "must be between 1 and " + MAX_QUANTITY));
                }
                amount(problems, at + "unitPrice", line.unitPrice(), true);
            }
        }
        amount(problems, "shipping", shipping, false);
        amount(problems, "tax", tax, false);
        return problems;
    }

    public static List<Problem> problems(ReceiveSupplierInvoiceCommand c) {
        var problems = problems(c.invoiceNumber(), c.currency(), c.lines(), c.shipping(), c.tax(), c.issuedAt());
        if (c.receiptId() == null || c.receiptId().isBlank()) {
            problems.add(new Problem("receiptId", "is required"));
        }
        return problems;
    }

    private static void text(List<Problem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(new Problem(field, "is required"));
        } else if (value.length() > MAX_TEXT) {
            problems.add(new Problem(field, "at most " + MAX_TEXT + " characters"));
        } else if (InputRules.hasControlCharacters(value)) {
            problems.add(new Problem(field, "must not contain control characters"));
        }
    }

    private static void amount(List<Problem> problems, String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                problems.add(new Problem(field, "is required"));
            }
            return;
        }
        if (value.signum() < 0 || value.compareTo(MAX_AMOUNT) >= 0) {
            problems.add(new Problem(field, "must be between 0 and " + MAX_AMOUNT.toPlainString()));
        } else if (value.stripTrailingZeros().scale() > MAX_SCALE) {
            problems.add(new Problem(field, "at most " + MAX_SCALE + " decimal places"));
        }
    }

    private static boolean known(String currency) {
        try {
            Currency.getInstance(currency);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
