package io.orderflow.app;

import io.orderflow.app.demo.DemoSuppliers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Billing reconciliation end to end: sandbox partners invoice what they delivered (their invoice.issued webhook),
 * wrong on purpose when told; invoices are also uploaded as JSON and CSV. Each discrepancy type is found with its
 * amounts, people decide on them, and the month's statement adds up.
 */
class BillingIT extends AppIntegrationTestBase {

    static final String ADMIN = SandboxSuppliers.ADMIN_KEY;
    static final String CSV_HEADER =
            "invoiceNumber,issuedAt,currency,supplierOrderId,supplierSku,quantity,unitPrice,shipping,tax\n";
    static final String FAST = """
            {"acceptAfter":"PT0.05S","fulfilAfter":"PT0.1S","trackAfter":"PT0.15S","deliverAfter":"PT0.2S",
             "carrier":"DHL","rejectAll":false}""";
    static final String SLOW = """
            {"acceptAfter":"PT10H","fulfilAfter":"PT10H","trackAfter":"PT10H","deliverAfter":"PT10H",
             "carrier":"DHL","rejectAll":false}""";
    @Autowired
    DemoSuppliers demo;
    @Autowired
    JdbcTemplate jdbc;

    SandboxSuppliers sandbox;

    @BeforeEach
    void suppliers() {
        sandbox = new SandboxSuppliers(http(), demo, jdbc);
        sandbox.once(BillingIT.class, suppliers -> {
            // priority 1 and SKUs nobody else sells: the orders go where the test says
            suppliers.register(suppliers.partner("bill-a").unitCost("4.50"), Map.of("BILL-A", 500));
            suppliers.register(suppliers.partner("bill-b").unitCost("12.00"), Map.of("BILL-B", 500));
            suppliers.control("bill-a", "/profile", FAST);
        });
    }

    /** Delivered, and the partner's invoice.issued webhook matched: every kind of supplier mistake is named. */
    @Test
    void partnersInvoicesAreMatchedAndTheirMistakesFound() {
        var clean = deliveredOrder("BILL-A", 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> invoiceNumbers(clean).contains("INV-" + clean));

        fault("WRONG_PRICE");
        var overpriced = deliveredOrder("BILL-A", 3);
        var price = awaitDiscrepancy("bill-a", "PRICE_MISMATCH", overpriced);
        assertThat(amount(price.path("expected"))).isEqualByComparingTo("13.50");
        assertThat(amount(price.path("billed"))).isEqualByComparingTo("14.85");
        assertThat(price.path("expected").path("currency").asString()).isEqualTo("EUR");
        assertThat(price.path("invoiceNumber").asString()).isEqualTo("INV-" + overpriced);
        assertThat(price.path("status").asString()).isEqualTo("OPEN");

        fault("EXTRA_QUANTITY");
        var extra = deliveredOrder("BILL-A", 1);
        var over = awaitDiscrepancy("bill-a", "QUANTITY_OVER_DELIVERED", extra);
        assertThat(amount(over.path("expected"))).isEqualByComparingTo("4.50");
        assertThat(amount(over.path("billed"))).isEqualByComparingTo("9.00");

        fault("DUPLICATE");
        var twice = deliveredOrder("BILL-A", 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> discrepancies("bill-a", null).stream()
                .anyMatch(d -> d.path("type").asString().equals("DUPLICATE_INVOICE")
                        && d.path("invoiceNumber").asString().equals("INV-" + twice)));

        fault("OMIT");
        var forgotten = deliveredOrder("BILL-A", 4);
        var missing = awaitDiscrepancy("bill-a", "NOT_INVOICED", forgotten);
        assertThat(amount(missing.path("expected"))).isEqualByComparingTo("18.00");
        assertThat(missing.path("billed").isNull() || missing.path("billed").isMissingNode()).isTrue();

        // every discrepancy leaves as a CloudEvent, keyed by its id, with its amounts
        String priceId = price.path("discrepancyId").asString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> billingEvents().stream().anyMatch(r ->
                priceId.equals(r.key()) && "io.orderflow.billing.discrepancy-found.v1".equals(header(r, "ce_type"))
                        && "/orderflow/billing".equals(header(r, "ce_source"))
                        && new String(r.value(), StandardCharsets.UTF_8).contains("PRICE_MISMATCH")));

        // the order billed right has no discrepancy of its own
        assertThat(discrepancies("bill-a", null)).noneMatch(d -> clean.equals(d.path("supplierOrderId").asString(null)));
    }

    /**
     * A Shopify supplier's invoice is what its shop charged, read over GraphQL after delivery; a shop that charged
     * more than agreed (told to, through the sandbox) is a price mismatch. CAP-ORANGE only amsterdam-shop sells.
     */
    @Test
    void aShopifySuppliersOrderTotalsAreItsInvoice() {
        var charged = deliveredOrder("CAP-ORANGE", 2);
        assertThat(charged).startsWith("gid://shopify/Order/");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> invoiceNumbers(charged).stream()
                .anyMatch(n -> n.startsWith("#")));
        assertThat(discrepancies("amsterdam-shop", null)).noneMatch(d -> charged.equals(d.path("supplierOrderId")
                .asString(null)));

        sandbox.control("amsterdam-shop", "/invoice-fault?fault=WRONG_PRICE", null);
        var overcharged = deliveredOrder("CAP-ORANGE", 1);
        var price = awaitDiscrepancy("amsterdam-shop", "PRICE_MISMATCH", overcharged);
        assertThat(price.path("invoiceNumber").asString()).startsWith("#");
        assertThat(amount(price.path("billed"))).isEqualByComparingTo(
                amount(price.path("expected")).multiply(new BigDecimal("1.10")).setScale(2, RoundingMode.HALF_UP));
    }

    /** Uploaded invoices: a cancelled order billed, an order we never gave, another currency; decisions on them. */
    @Test
    void uploadedInvoicesFindCancelledUnknownAndForeignCurrencyBilling() {
        sandbox.control("bill-b", "/profile", SLOW);
        var orderId = place(orderBody(unique("bill-cx"), "DE", Map.of("BILL-B", 2))).path("orderId").asString();
        var ref = awaitView(orderId, v -> v.path("allocations").path(0).path("supplierOrderRef").isString(),
                Duration.ofSeconds(30)).path("allocations").path(0).path("supplierOrderRef").asString();
        http().post().uri("/api/v1/orders/{id}/cancellation", orderId).header("X-Api-Key", STOREFRONT_KEY)
                .header("Idempotency-Key", UUID.randomUUID().toString()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"changed my mind\"}").exchange().expectStatus().isAccepted();
        awaitView(orderId, v -> v.path("status").asString().equals("CANCELLED"), Duration.ofSeconds(30));

        String number = "B-" + UUID.randomUUID();
        upload("bill-b", MediaType.APPLICATION_JSON, """
                {"invoiceNumber":"%s","issuedAt":"%s","currency":"EUR",
                 "lines":[{"supplierOrderId":"%s","supplierSku":"bill-b-BILL-B","quantity":2,"unitPrice":12.00},
                          {"supplierOrderId":"PO-NEVER-GIVEN","supplierSku":"bill-b-BILL-B","quantity":1,"unitPrice":12.00}],
                 "shipping":4.90,"tax":0}""".formatted(number, Instant.now(), ref)).expectStatus().isAccepted();
        var cancelled = awaitDiscrepancy("bill-b", "BILLED_CANCELLED", ref);
        assertThat(amount(cancelled.path("billed"))).isEqualByComparingTo("24.00");
        assertThat(amount(cancelled.path("expected"))).isEqualByComparingTo("0");
        // bill-b agreed 3.50 shipping per order; the invoice billed 4.90 for its one order of ours
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> discrepancies("bill-b", null).stream()
                .anyMatch(d -> d.path("type").asString().equals("PRICE_MISMATCH")
                        && d.path("supplierSku").asString("").equals("shipping")
                        && d.path("invoiceNumber").asString().equals(number)
                        && amount(d.path("expected")).compareTo(new BigDecimal("3.50")) == 0
                        && amount(d.path("billed")).compareTo(new BigDecimal("4.90")) == 0));
        var unknown = awaitDiscrepancy("bill-b", "UNKNOWN_ORDER", "PO-NEVER-GIVEN");
        assertThat(amount(unknown.path("billed"))).isEqualByComparingTo("12.00");
        assertThat(unknown.path("invoiceNumber").asString()).isEqualTo(number);

        // the same upload again under its Idempotency-Key is the same receipt; a new receipt is a duplicate
        String csvNumber = "C-" + UUID.randomUUID();
        String csv = "invoiceNumber,issuedAt,currency,supplierOrderId,supplierSku,quantity,unitPrice,shipping,tax\n"
                + csvNumber + "," + Instant.now() + ",USD," + ref + ",bill-b-BILL-B,2,12.00,,\n";
        String key = UUID.randomUUID().toString();
        uploadWithKey("bill-b", csv, key).expectStatus().isAccepted();
        var currency = awaitDiscrepancy("bill-b", "CURRENCY_MISMATCH", ref);
        assertThat(currency.path("billed").path("currency").asString()).isEqualTo("USD");
        uploadWithKey("bill-b", csv, key).expectStatus().isAccepted();
        uploadWithKey("bill-b", csv, UUID.randomUUID().toString()).expectStatus().isAccepted();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> discrepancies("bill-b", null).stream()
                .filter(d -> d.path("type").asString().equals("DUPLICATE_INVOICE")
                        && d.path("invoiceNumber").asString().equals(csvNumber)).count() == 1);
        pause(Duration.ofSeconds(1));
        assertThat(discrepancies("bill-b", null).stream().filter(d -> d.path("type").asString()
                .equals("DUPLICATE_INVOICE") && d.path("invoiceNumber").asString().equals(csvNumber))).hasSize(1);

        // decisions: a dispute then its resolution; an approval is final
        String cancelledId = cancelled.path("discrepancyId").asString();
        review(cancelledId, "dispute", "{\"reason\":\"the order was cancelled before acceptance\"}")
                .expectStatus().isOk();
        review(cancelledId, "resolution", "{\"reason\":\"credit note CN-7 received\"}").expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> discrepancies("bill-b", "RESOLVED").stream()
                .anyMatch(d -> d.path("discrepancyId").asString().equals(cancelledId)
                        && d.path("lastReview").path("reason").asString().equals("credit note CN-7 received")));
        String unknownId = unknown.path("discrepancyId").asString();
        review(unknownId, "approval", "{\"reason\":\"a sample order, agreed by phone\"}").expectStatus().isOk();
        review(unknownId, "dispute", "{\"reason\":\"second thoughts\"}").expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        review(unknownId, "dispute", "{}").expectStatus().isBadRequest();
        review(UUID.randomUUID().toString(), "approval", "{\"reason\":\"x\"}").expectStatus().isNotFound();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> discrepancies("bill-b", "APPROVED").stream()
                .anyMatch(d -> d.path("discrepancyId").asString().equals(unknownId)));
        assertThat(discrepancies("bill-b", "OPEN")).noneMatch(d -> d.path("discrepancyId").asString().equals(unknownId));
    }

    /** An upload that is no invoice is refused, naming the field; another retailer's supplier is not found. */
    @Test
    void badInvoicesAreRefusedWithTheirReason() {
        var bad = upload("bill-b", MediaType.APPLICATION_JSON, """
                {"invoiceNumber":"X-1","issuedAt":"%s","currency":"EURO",
                 "lines":[{"supplierOrderId":"PO-1","supplierSku":"S","quantity":0,"unitPrice":-1}]}"""
                .formatted(Instant.now())).expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(bad).contains("currency").contains("lines[0].quantity").contains("lines[0].unitPrice");
        upload("bill-b", MediaType.valueOf("text/csv"), "invoiceNumber,currency\nX,EUR\n").expectStatus().isBadRequest()
                .expectBody(String.class).value(body -> assertThat(body).contains("supplierOrderId"));
        // what every entry refuses: a NUL in a CSV cell, a card number anywhere
        upload("bill-b", MediaType.valueOf("text/csv"), CSV_HEADER + "X-1,2026-11-30T09:00:00Z,EUR,PO-\0" + "1,S,1,1.00,,\n")
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("control characters"));
        upload("bill-b", MediaType.valueOf("text/csv"), CSV_HEADER + "X-1,2026-11-30T09:00:00Z,EUR,4111111111111111,S,1,1.00,,\n")
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("payment card").doesNotContain("4111111111111111"));
        upload("bill-b", MediaType.APPLICATION_JSON, """
                {"invoiceNumber":"4111111111111111","issuedAt":"%s","currency":"EUR",
                 "lines":[{"supplierOrderId":"PO-1","supplierSku":"S","quantity":1,"unitPrice":1}]}"""
                .formatted(Instant.now())).expectStatus().isBadRequest();
        upload("no-such-supplier", MediaType.APPLICATION_JSON, """
                {"invoiceNumber":"X-1","issuedAt":"%s","currency":"EUR",
                 "lines":[{"supplierOrderId":"PO-1","supplierSku":"S","quantity":1,"unitPrice":1}]}"""
                .formatted(Instant.now())).expectStatus().isNotFound();
        http().get().uri("/api/v1/billing/discrepancies").header("X-Api-Key", STOREFRONT_KEY).exchange()
                .expectStatus().isForbidden();
        http().get().uri("/api/v1/billing/statements/bill-a?period=November").header("X-Api-Key", ADMIN).exchange()
                .expectStatus().isBadRequest();
        // absurd dates: refused, never a 5xx from a column that cannot hold them
        http().get().uri("/api/v1/billing/statements/bill-a?period=2150-01").header("X-Api-Key", ADMIN).exchange()
                .expectStatus().isBadRequest();
        upload("bill-b", MediaType.APPLICATION_JSON, """
                {"invoiceNumber":"X-2","issuedAt":"+999999999-12-31T23:59:59Z","currency":"EUR",
                 "lines":[{"supplierOrderId":"PO-1","supplierSku":"S","quantity":1,"unitPrice":1}]}""")
                .expectStatus().isBadRequest().expectBody(String.class)
                .value(body -> assertThat(body).contains("issuedAt"));
    }

    /** The month's statement: each order's expected, billed and difference; totals that are their sums. */
    @Test
    void theStatementAddsUp() {
        var first = deliveredOrder("BILL-A", 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> invoiceNumbers(first).contains("INV-" + first));
        fault("WRONG_PRICE");
        var second = deliveredOrder("BILL-A", 1);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> invoiceNumbers(second).contains("INV-" + second));
        String period = YearMonth.now(ZoneOffset.UTC).toString();
        var statement = JSON.readTree(http().get().uri("/api/v1/billing/statements/bill-a?period=" + period)
                .header("X-Api-Key", ADMIN).accept(MediaType.APPLICATION_JSON).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        var rows = new ArrayList<JsonNode>();
        statement.path("orders").forEach(rows::add);
        var firstRow = rows.stream().filter(r -> first.equals(r.path("supplierOrderId").asString(null))).findFirst()
                .orElseThrow();
        assertThat(amount(firstRow.path("expected"))).isEqualByComparingTo("9.00");
        assertThat(amount(firstRow.path("billed"))).isEqualByComparingTo("9.00");
        assertThat(amount(firstRow.path("difference"))).isEqualByComparingTo("0");
        var secondRow = rows.stream().filter(r -> second.equals(r.path("supplierOrderId").asString(null))).findFirst()
                .orElseThrow();
        assertThat(amount(secondRow.path("billed"))).isEqualByComparingTo("4.95");
        assertThat(amount(secondRow.path("difference"))).isEqualByComparingTo("0.45");
        var total = statement.path("totals").path(0);
        assertThat(total.path("currency").asString()).isEqualTo("EUR");
        assertThat(amount(total.path("expected"))).isEqualByComparingTo(sum(rows, "expected"));
        assertThat(amount(total.path("billed"))).isEqualByComparingTo(sum(rows, "billed"));
        assertThat(amount(total.path("difference"))).isEqualByComparingTo(sum(rows, "billed").subtract(sum(rows, "expected")));
        assertThat(amount(total.path("shipping"))).isGreaterThanOrEqualTo(new BigDecimal("9.80"));

        String csv = http().get().uri("/api/v1/billing/statements/bill-a?period=" + period)
                .header("X-Api-Key", ADMIN).accept(MediaType.valueOf("text/csv")).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.valueOf("text/csv"))
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(csv).startsWith("orderId,allocationId,supplierOrderId,currency,expected,billed,difference,invoiceNumbers");
        assertThat(csv).contains("," + first + ",EUR,9.00,9.00,0.00,INV-" + first);
        assertThat(csv.lines().filter(l -> l.startsWith("TOTAL,"))).hasSize(1);
    }

    /** Billing's records on the integration events topic, read from its start by a consumer of its own. */
    private List<ConsumerRecord<String, byte[]>> billingEvents() {
        var properties = new Properties();
        properties.put("bootstrap.servers", environment.getRequiredProperty("orderflow.kafka.bootstrap"));
        properties.put("group.id", "billing-it-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("key.deserializer", StringDeserializer.class.getName());
        properties.put("value.deserializer",
                ByteArrayDeserializer.class.getName());
        var found = new ArrayList<ConsumerRecord<String, byte[]>>();
        try (var consumer = new KafkaConsumer<String, byte[]>(properties)) {
            consumer.subscribe(List.of("orderflow.order-events"));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
                var records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                }
                records.forEach(r -> {
                    if (String.valueOf(header(r, "ce_type")).startsWith("io.orderflow.billing.")) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private String deliveredOrder(String sku, int quantity) {
        var orderId = place(orderBody(unique("bill"), "DE", Map.of(sku, quantity))).path("orderId").asString();
        return awaitView(orderId, v -> v.path("status").asString().equals("DELIVERED"), Duration.ofSeconds(40))
                .path("allocations").path(0).path("supplierOrderRef").asString();
    }

    private void fault(String fault) {
        sandbox.control("bill-a", "/invoice-fault?fault=" + fault, null);
    }

    private List<String> invoiceNumbers(String supplierOrderRef) {
        return jdbc.queryForList("SELECT unnest(invoice_numbers) FROM billing_supplier_order WHERE supplier_order_ref = ?",
                String.class, supplierOrderRef);
    }

    private JsonNode awaitDiscrepancy(String supplierId, String type, String supplierOrderId) {
        var found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (var d : discrepancies(supplierId, null)) {
                if (d.path("type").asString().equals(type) && supplierOrderId.equals(d.path("supplierOrderId").asString(null))) {
                    found[0] = d;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private List<JsonNode> discrepancies(String supplierId, String status) {
        var list = new ArrayList<JsonNode>();
        JSON.readTree(http().get().uri(b -> b.path("/api/v1/billing/discrepancies").queryParam("supplierId", supplierId)
                        .queryParamIfPresent("status", Optional.ofNullable(status)).build())
                .header("X-Api-Key", ADMIN).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).forEach(list::add);
        return list;
    }

    private WebTestClient.ResponseSpec upload(String supplierId,
                                                                                          MediaType type, String body) {
        return http().post().uri("/api/v1/suppliers/{id}/invoices", supplierId).header("X-Api-Key", ADMIN)
                .contentType(type).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec uploadWithKey(String supplierId,
                                                                                                 String csv, String key) {
        return http().post().uri("/api/v1/suppliers/{id}/invoices", supplierId).header("X-Api-Key", ADMIN)
                .header("Idempotency-Key", key).contentType(MediaType.valueOf("text/csv")).bodyValue(csv).exchange();
    }

    private WebTestClient.ResponseSpec review(String id, String action,
                                                                                          String body) {
        return http().post().uri("/api/v1/billing/discrepancies/{id}/" + action, id).header("X-Api-Key", ADMIN)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** A discrepancy's {amount, currency}, or a statement's plain number. */
    private static BigDecimal amount(JsonNode value) {
        return new BigDecimal((value.has("amount") ? value.path("amount") : value).toString().replace("\"", ""));
    }

    private static BigDecimal sum(List<JsonNode> rows, String field) {
        return rows.stream().map(r -> amount(r.path(field))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
