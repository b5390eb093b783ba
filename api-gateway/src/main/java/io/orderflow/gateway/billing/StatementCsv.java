package io.orderflow.gateway.billing;

import io.orderflow.coreapi.billing.BillingStatement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * A statement as CSV: a row per order, then per currency a TOTAL row (expected, billed, difference) and SHIPPING and
 * TAX rows (billed on the month's invoices).
 */
final class StatementCsv {

    static final String HEADER = "orderId,allocationId,supplierOrderId,currency,expected,billed,difference,invoiceNumbers";
    private static final CsvMapper CSV = CsvMapper.builder().build();
    private static final CsvSchema SCHEMA = CsvSchema.builder().addColumns(List.of(HEADER.split(",")),
            CsvSchema.ColumnType.STRING).build().withHeader();

    private StatementCsv() {
    }

    static String of(BillingStatement statement) {
        var rows = new ArrayList<List<String>>();
        for (var row : statement.orders()) {
            rows.add(List.of(row.orderId(), row.allocationId(), nullToEmpty(row.supplierOrderId()),
                    nullToEmpty(row.currency()), plain(row.expected()), plain(row.billed()), plain(row.difference()),
                    String.join(";", row.invoiceNumbers())));
        }
        for (var total : statement.totals()) {
            rows.add(List.of("TOTAL", "", "", total.currency(), plain(total.expected()), plain(total.billed()),
                    plain(total.difference()), ""));
            rows.add(List.of("SHIPPING", "", "", total.currency(), "", plain(total.shipping()), "", ""));
            rows.add(List.of("TAX", "", "", total.currency(), "", plain(total.tax()), "", ""));
        }
        return CSV.writer(SCHEMA).writeValueAsString(rows);
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? "" : amount.toPlainString();
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
