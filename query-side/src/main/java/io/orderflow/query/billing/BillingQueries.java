package io.orderflow.query.billing;

import io.orderflow.coreapi.billing.BillableLine;
import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.BillingStatement;
import io.orderflow.coreapi.billing.DiscrepancyStatus;
import io.orderflow.coreapi.billing.DiscrepancyType;
import io.orderflow.coreapi.billing.DiscrepancyView;
import io.orderflow.coreapi.billing.FindBillingStatementQuery;
import io.orderflow.coreapi.billing.FindDiscrepanciesQuery;
import io.orderflow.coreapi.billing.FindUninvoicedDeliveriesQuery;
import io.orderflow.coreapi.order.AllocationId;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Billing's read side: deliveries nobody invoiced, discrepancies, monthly statements. */
@Component
class BillingQueries {

    private static final String ORDER_COLUMNS = """
            SELECT o.allocation_id, o.order_id, o.retailer_id, o.supplier_id, o.supplier_order_ref, o.currency,
                   o.accepted_at, o.withdrawn, o.delivered_at, o.billed_amount, o.invoice_numbers
            FROM billing_supplier_order o
            """;

    private final DatabaseClient db;

    BillingQueries(DatabaseClient db) {
        this.db = db;
    }

    private record OrderRow(String allocationId, String orderId, String retailerId, String supplierId, String ref,
                            String currency, Instant acceptedAt, boolean withdrawn, Instant deliveredAt,
                            BigDecimal billed, List<String> invoiceNumbers) {
    }

    @QueryHandler
    public CompletableFuture<List<BillableSupplierOrder>> handle(FindUninvoicedDeliveriesQuery query) {
        return db.sql(ORDER_COLUMNS + """
                         WHERE o.delivered_at < :before AND cardinality(o.invoice_numbers) = 0
                           AND NOT o.flagged_not_invoiced
                         ORDER BY o.delivered_at LIMIT :limit""")
                .bind("before", query.deliveredBefore().atOffset(ZoneOffset.UTC))
                .bind("limit", query.limit())
                .map((row, meta) -> orderRow(row))
                .all()
                .concatMap(this::billable)
                .collectList()
                .toFuture();
    }

    @QueryHandler
    public CompletableFuture<List<DiscrepancyView>> handle(FindDiscrepanciesQuery query) {
        var sql = new StringBuilder("""
                SELECT discrepancy_id, supplier_id, invoice_number, type, supplier_order_id, supplier_sku,
                       expected_amount, expected_currency, billed_amount, billed_currency, detail, status, found_at,
                       reviewed_by, review_reason, reviewed_at
                FROM billing_discrepancy WHERE retailer_id = :retailer""");
        if (query.supplierId() != null) {
            sql.append(" AND supplier_id = :supplier");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
        }
        if (query.discrepancyId() != null) {
            sql.append(" AND discrepancy_id = :id");
        }
        sql.append(" ORDER BY found_at DESC, discrepancy_id LIMIT :limit");
        var spec = db.sql(sql.toString()).bind("retailer", query.retailerId()).bind("limit", query.limit());
        if (query.supplierId() != null) {
            spec = spec.bind("supplier", query.supplierId());
        }
        if (query.status() != null) {
            spec = spec.bind("status", query.status().name());
        }
        if (query.discrepancyId() != null) {
            spec = spec.bind("id", query.discrepancyId());
        }
        return spec.map((row, meta) -> new DiscrepancyView(row.get("discrepancy_id", String.class),
                        row.get("supplier_id", String.class), row.get("invoice_number", String.class),
                        DiscrepancyType.valueOf(row.get("type", String.class)),
                        row.get("supplier_order_id", String.class), row.get("supplier_sku", String.class),
                        amount(row.get("expected_amount", BigDecimal.class), row.get("expected_currency", String.class)),
                        amount(row.get("billed_amount", BigDecimal.class), row.get("billed_currency", String.class)),
                        row.get("detail", String.class), DiscrepancyStatus.valueOf(row.get("status", String.class)),
                        instant(row.get("found_at", OffsetDateTime.class)),
                        row.get("reviewed_by", String.class) == null ? null
                                : new DiscrepancyView.Review(row.get("reviewed_by", String.class),
                                row.get("review_reason", String.class),
                                instant(row.get("reviewed_at", OffsetDateTime.class)))))
                .all()
                .collectList()
                .toFuture();
    }

    /**
     * The supplier's orders accepted in the month (UTC), and those never accepted that were billed all the same;
     * shipping and tax of the invoices issued in the month.
     */
    @QueryHandler
    public CompletableFuture<BillingStatement> handle(FindBillingStatementQuery query) {
        var from = query.period().atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        var to = query.period().plusMonths(1).atDay(1).atStartOfDay().atOffset(ZoneOffset.UTC);
        Mono<List<BillingStatement.Row>> rows = db.sql(ORDER_COLUMNS + """
                         WHERE o.retailer_id = :retailer AND o.supplier_id = :supplier
                           AND COALESCE(o.accepted_at, CASE WHEN cardinality(o.invoice_numbers) > 0
                                                           THEN o.selected_at END) >= :from
                           AND COALESCE(o.accepted_at, CASE WHEN cardinality(o.invoice_numbers) > 0
                                                           THEN o.selected_at END) < :to
                         ORDER BY COALESCE(o.accepted_at, o.selected_at), o.allocation_id""")
                .bind("retailer", query.retailerId())
                .bind("supplier", query.supplierId())
                .bind("from", from)
                .bind("to", to)
                .map((row, meta) -> orderRow(row))
                .all()
                .concatMap(row -> billable(row).map(order -> statementRow(row, order, query.deliveredOnly())), 4)
                .collectList();
        Mono<Map<String, BigDecimal[]>> charges = db.sql("""
                        SELECT currency, SUM(shipping) AS shipping, SUM(tax) AS tax FROM billing_invoice
                        WHERE retailer_id = :retailer AND supplier_id = :supplier AND issued_at >= :from
                          AND issued_at < :to GROUP BY currency""")
                .bind("retailer", query.retailerId())
                .bind("supplier", query.supplierId())
                .bind("from", from)
                .bind("to", to)
                .map((row, meta) -> Map.entry(row.get("currency", String.class),
                        new BigDecimal[] {row.get("shipping", BigDecimal.class), row.get("tax", BigDecimal.class)}))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
        return Mono.zip(rows, charges)
                .map(both -> new BillingStatement(query.supplierId(), query.period().toString(), both.getT1(),
                        totals(both.getT1(), both.getT2())))
                .toFuture();
    }

    private static BillingStatement.Row statementRow(OrderRow row, BillableSupplierOrder order, boolean deliveredOnly) {
        BigDecimal expected = order.expected(deliveredOnly);
        String currency = order.currency();
        return new BillingStatement.Row(row.orderId(), row.allocationId(), row.ref(), currency,
                shown(expected, currency), shown(row.billed(), currency), shown(row.billed().subtract(expected), currency),
                row.invoiceNumbers());
    }

    /**
     * An exact amount as people read it: at least the currency's minor digits (9.0000 and 9.0 are both 9.00), more
     * only where the amount has them (a unit price of 4.505 stays).
     */
    static BigDecimal shown(BigDecimal amount, String currency) {
        if (amount == null) {
            return null;
        }
        int digits = 2;
        try {
            digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException | NullPointerException unknown) {
            // an unknown or absent currency is shown with two decimals
        }
        var stripped = amount.stripTrailingZeros();
        return stripped.scale() >= digits ? stripped : stripped.setScale(digits);
    }

    private static List<BillingStatement.Total> totals(List<BillingStatement.Row> rows,
                                                       Map<String, BigDecimal[]> charges) {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (var row : rows) {
            var sum = sums.computeIfAbsent(String.valueOf(row.currency()), c -> zeros());
            sum[0] = sum[0].add(row.expected());
            sum[1] = sum[1].add(row.billed());
        }
        charges.forEach((currency, amounts) -> {
            var sum = sums.computeIfAbsent(currency, c -> zeros());
            sum[2] = sum[2].add(amounts[0]);
            sum[3] = sum[3].add(amounts[1]);
        });
        var totals = new ArrayList<BillingStatement.Total>();
        sums.forEach((currency, s) -> totals.add(new BillingStatement.Total(currency, shown(s[0], currency),
                shown(s[1], currency), shown(s[1].subtract(s[0]), currency), shown(s[2], currency),
                shown(s[3], currency))));
        return totals;
    }

    private static BigDecimal[] zeros() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    }

    private Mono<BillableSupplierOrder> billable(OrderRow order) {
        return db.sql("""
                        SELECT supplier_sku, SUM(supplier_units) AS units, SUM(cancelled_units) AS cancelled,
                               SUM(delivered_units) AS delivered, MAX(unit_cost) AS unit_cost
                        FROM billing_order_line WHERE allocation_id = :allocation
                        GROUP BY supplier_sku ORDER BY supplier_sku""")
                .bind("allocation", order.allocationId())
                .map((row, meta) -> new BillableLine(row.get("supplier_sku", String.class),
                        row.get("units", Long.class).intValue(), row.get("cancelled", Long.class).intValue(),
                        row.get("delivered", Long.class).intValue(), row.get("unit_cost", BigDecimal.class)))
                .all()
                .collectList()
                .map(lines -> new BillableSupplierOrder(new OrderId(order.orderId()),
                        new AllocationId(order.allocationId()), new SupplierId(order.supplierId()),
                        new RetailerId(order.retailerId()), order.ref(), order.currency(),
                        order.acceptedAt() != null && !order.withdrawn(), order.withdrawn(), order.deliveredAt(),
                        lines));
    }

    private static OrderRow orderRow(io.r2dbc.spi.Row row) {
        String[] numbers = row.get("invoice_numbers", String[].class);
        return new OrderRow(row.get("allocation_id", String.class), row.get("order_id", String.class),
                row.get("retailer_id", String.class), row.get("supplier_id", String.class),
                row.get("supplier_order_ref", String.class), row.get("currency", String.class),
                instant(row.get("accepted_at", OffsetDateTime.class)), Boolean.TRUE.equals(row.get("withdrawn",
                Boolean.class)), instant(row.get("delivered_at", OffsetDateTime.class)),
                row.get("billed_amount", BigDecimal.class), numbers == null ? List.of() : Arrays.asList(numbers));
    }

    private static DiscrepancyView.Amount amount(BigDecimal amount, String currency) {
        return amount == null ? null : new DiscrepancyView.Amount(shown(amount, currency), currency);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
