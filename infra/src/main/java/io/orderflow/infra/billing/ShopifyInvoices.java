package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.InvoiceId;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.InvoiceRules;
import io.orderflow.coreapi.billing.InvoiceSource;
import io.orderflow.coreapi.billing.ReceiveSupplierInvoiceCommand;
import io.orderflow.coreapi.order.ShipmentDeliveredEvent;
import io.orderflow.infra.connector.AllocationLinks;
import io.orderflow.infra.connector.SupplierRegistry;
import io.orderflow.infra.connector.shopify.ShopifyClient;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A Shopify supplier sends no invoice: what its shop charged for the order (the line prices, shipping and tax, read
 * over GraphQL once the order is delivered) is the invoice, numbered with the shop order's name. Read again for a
 * second package, it is the same receipt and changes nothing.
 */
@Component
@ProcessingGroup(InvoiceMatching.GROUP)
class ShopifyInvoices {

    private static final Logger log = LoggerFactory.getLogger(ShopifyInvoices.class);

    private final SupplierRegistry suppliers;
    private final AllocationLinks links;
    private final ShopifyClient shopify;
    private final CommandGateway commands;
    private final Clock clock;

    ShopifyInvoices(SupplierRegistry suppliers, AllocationLinks links, ShopifyClient shopify, CommandGateway commands,
                    Clock clock) {
        this.suppliers = suppliers;
        this.links = links;
        this.shopify = shopify;
        this.commands = commands;
        this.clock = clock;
    }

    @EventHandler
    void on(ShipmentDeliveredEvent e) {
        var shop = suppliers.connection(e.supplierId().value(), ShopifyClient.TYPE);
        if (shop.isEmpty()) {
            return;
        }
        var orderGid = links.supplierOrderRef(e.allocationId().value());
        if (orderGid.isEmpty()) {
            log.warn("Shopify order of allocation {} unknown: no invoice read", e.allocationId().value());
            return;
        }
        var totals = shopify.orderTotals(shop.get(), orderGid.get(), e.allocationId().value());
        if (totals.isEmpty()) {
            log.warn("Shop {} no longer has order {}: no invoice read", e.supplierId().value(), orderGid.get());
            return;
        }
        var order = totals.get();
        List<InvoiceLine> lines = order.lines().stream()
                .map(l -> new InvoiceLine(orderGid.get(), l.sku(), l.quantity(), l.unitPrice())).toList();
        var issuedAt = issuedAt(order, e);
        var problems = InvoiceRules.problems(order.name(), order.currency(), lines, order.shipping(), order.tax(),
                issuedAt);
        if (!problems.isEmpty()) {
            log.warn("Shop {} order {} cannot be an invoice: {} {}", e.supplierId().value(), orderGid.get(),
                    problems.getFirst().field(), problems.getFirst().message());
            return;
        }
        commands.sendAndWait(new ReceiveSupplierInvoiceCommand(InvoiceId.of(e.supplierId(), order.name()),
                e.supplierId(), e.retailerId(), "shopify:" + orderGid.get(), order.name(), issuedAt,
                order.currency(), lines, order.shipping(), order.tax(), InvoiceSource.SHOPIFY, clock.instant()));
    }

    private static Instant issuedAt(ShopifyClient.OrderTotals order, ShipmentDeliveredEvent e) {
        try {
            return order.processedAt() == null ? e.deliveredAt() : Instant.parse(order.processedAt());
        } catch (DateTimeParseException unreadable) {
            return e.deliveredAt();
        }
    }
}
