package io.orderflow.gateway.billing;

import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.InvoiceRules;
import io.orderflow.coreapi.billing.InvoiceSource;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;
import io.orderflow.coreapi.shared.InputRules;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A supplier invoice as uploaded: JSON, or CSV with the header {@value #CSV_HEADER}, one row per line (the invoice's
 * own fields repeated on every row; shipping and tax may be left empty after the first).
 */
@Schema(description = "A supplier invoice. supplierOrderId is the supplier's reference for the order, as the order"
        + " view shows it (supplierOrderRef). Amounts are exact decimals in the invoice's currency.")
record InvoiceUpload(@Schema(example = "INV-2026-0042") String invoiceNumber,
                     @Schema(example = "2026-11-30T09:00:00Z") Instant issuedAt,
                     @Schema(example = "EUR") String currency,
                     List<Line> lines,
                     @Schema(example = "4.90") BigDecimal shipping,
                     @Schema(example = "0.00") BigDecimal tax) {

    static final String CSV_HEADER = "invoiceNumber,issuedAt,currency,supplierOrderId,supplierSku,quantity,unitPrice,"
            + "shipping,tax";
    private static final List<String> COLUMNS = List.of(CSV_HEADER.split(","));
    private static final CsvMapper CSV = CsvMapper.builder().build();

    record Line(@Schema(example = "PO-81723") String supplierOrderId, @Schema(example = "BG-TS-BLK-M") String supplierSku,
                @Schema(example = "2") Integer quantity, @Schema(example = "12.50") BigDecimal unitPrice) {
    }

    /** Why the upload cannot be an invoice, per field; empty when it can. */
    List<InvoiceRules.Problem> problems() {
        return InvoiceRules.problems(invoiceNumber, currency, invoiceLines(), shipping, tax, issuedAt);
    }

    /** Only once {@link #problems()} found none. */
    ReceiveSupplierInvoiceCommand toCommand(SupplierId supplier, RetailerId retailer, String receiptId,
                                            Instant receivedAt) {
        return new ReceiveSupplierInvoiceCommand(InvoiceId.of(supplier, invoiceNumber), supplier, retailer, receiptId,
                invoiceNumber, issuedAt, currency, invoiceLines(), shipping, tax, InvoiceSource.UPLOAD, receivedAt);
    }

    /** A missing quantity reads as 0, which the rules refuse. */
    private List<InvoiceLine> invoiceLines() {
        return lines == null ? null : lines.stream()
                .map(l -> l == null ? null : new InvoiceLine(l.supplierOrderId(), l.supplierSku(),
                        l.quantity() == null ? 0 : l.quantity(), l.unitPrice()))
                .toList();
    }

    /** Thrown with the field and what is wrong with it. */
    static final class Unreadable extends Exception {
        final String field;

        Unreadable(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    static InvoiceUpload fromCsv(String text) throws Unreadable {
        List<Map<String, String>> rows = new ArrayList<>();
        try (var iterator = CSV.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader())
                .<Map<String, String>>readValues(text)) {
            while (iterator.hasNextValue()) {
                rows.add(iterator.nextValue());
            }
        } catch (JacksonException e) {
            throw new Unreadable("body", "is not CSV with the header " + CSV_HEADER);
        }
        if (rows.isEmpty()) {
            throw new Unreadable("body", "has no invoice lines under the header " + CSV_HEADER);
        }
        var missing = COLUMNS.stream().filter(c -> !rows.getFirst().containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new Unreadable("body", "lacks the columns " + missing + "; the header is " + CSV_HEADER);
        }
        for (int i = 0; i < rows.size(); i++) {
            for (var cell : rows.get(i).entrySet()) {
                String value = cell.getValue();
                if (InputRules.hasControlCharacters(value)) {
                    throw new Unreadable("row " + (i + 1) + " " + cell.getKey(), "contains control characters");
                }
                if (InputRules.looksLikeCardNumber(value)) {
                    throw new Unreadable("row " + (i + 1) + " " + cell.getKey(), "looks like a payment card number");
                }
            }
        }
        var first = rows.getFirst();
        var lines = new ArrayList<Line>();
        BigDecimal shipping = null;
        BigDecimal tax = null;
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            String at = "row " + (i + 1) + " ";
            for (String same : List.of("invoiceNumber", "issuedAt", "currency")) {
                if (!Objects.equals(blankToNull(row.get(same)), blankToNull(first.get(same)))) {
                    throw new Unreadable(at + same, "differs from the first row's: one upload is one invoice");
                }
            }
            shipping = same(shipping, decimal(row.get("shipping"), at + "shipping"), at + "shipping");
            tax = same(tax, decimal(row.get("tax"), at + "tax"), at + "tax");
            lines.add(new Line(blankToNull(row.get("supplierOrderId")), blankToNull(row.get("supplierSku")),
                    whole(row.get("quantity"), at + "quantity"), decimal(row.get("unitPrice"), at + "unitPrice")));
        }
        Instant issuedAt;
        try {
            issuedAt = blankToNull(first.get("issuedAt")) == null ? null : Instant.parse(first.get("issuedAt").trim());
        } catch (DateTimeParseException e) {
            throw new Unreadable("row 1 issuedAt", "must be an RFC 3339 time such as 2026-11-30T09:00:00Z");
        }
        return new InvoiceUpload(blankToNull(first.get("invoiceNumber")), issuedAt, blankToNull(first.get("currency")),
                lines, shipping, tax);
    }

    private static BigDecimal same(BigDecimal so, BigDecimal now, String field) throws Unreadable {
        if (now == null) {
            return so;
        }
        if (so != null && so.compareTo(now) != 0) {
            throw new Unreadable(field, "differs from an earlier row's: give it once, or the same on every row");
        }
        return now;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static BigDecimal decimal(String value, String field) throws Unreadable {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new Unreadable(field, "must be a decimal number such as 12.50");
        }
    }

    private static Integer whole(String value, String field) throws Unreadable {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new Unreadable(field, "must be a whole number");
        }
    }
}
