package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.InvoiceRules;
import io.orderflow.coreapi.billing.InvoiceSource;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** A partner's {@code invoice.issued} webhook, read into the command that records the invoice, or why it cannot be. */
@Component
public class SupplierInvoices {

    public record Received(ReceiveSupplierInvoiceCommand command, String problem) {
    }

    private final Clock clock;

    SupplierInvoices(Clock clock) {
        this.clock = clock;
    }

    public Received fromWebhook(String supplierId, String retailerId, String deliveryId, JsonNode data,
                                Instant occurredAt) {
        if (retailerId == null) {
            return new Received(null, "supplier " + supplierId + " is not registered");
        }
        try {
            var lines = new ArrayList<InvoiceLine>();
            for (JsonNode line : data.path("lines")) {
                lines.add(new InvoiceLine(text(line, "supplierOrderId"), text(line, "supplierSku"),
                        line.path("quantity").isIntegralNumber() ? line.path("quantity").asInt() : 0,
                        amount(line.path("unitPrice"))));
            }
            String issued = text(data, "issuedAt");
            Instant issuedAt = issued == null ? null : Instant.parse(issued);
            String number = text(data, "invoiceNumber");
            String currency = text(data, "currency");
            BigDecimal shipping = amount(data.path("shipping"));
            BigDecimal tax = amount(data.path("tax"));
            List<InvoiceRules.Problem> problems = InvoiceRules.problems(number, currency, lines, shipping, tax,
                    issuedAt);
            if (!problems.isEmpty()) {
                return new Received(null, problems.getFirst().field() + " " + problems.getFirst().message());
            }
            var supplier = new SupplierId(supplierId);
            return new Received(new ReceiveSupplierInvoiceCommand(InvoiceId.of(supplier, number), supplier,
                    new RetailerId(retailerId), "webhook:" + deliveryId, number, issuedAt, currency, List.copyOf(lines),
                    shipping, tax, InvoiceSource.WEBHOOK, clock.instant()), null);
        } catch (DateTimeParseException | NumberFormatException e) {
            return new Received(null, "unreadable invoice: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        var value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    /** Amounts as JSON numbers or strings, read exactly (never through a double). */
    private static BigDecimal amount(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isString()) {
            return new BigDecimal(node.asString());
        }
        return null;
    }
}
