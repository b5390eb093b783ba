package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.CheckInvoiceShippingCommand;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.MatchInvoiceLinesCommand;
import io.orderflow.coreapi.billing.RecordUnknownSupplierOrderCommand;
import io.orderflow.coreapi.billing.SettlementId;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.infra.connector.AllocationLinks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * Hands each received invoice's lines, per supplier order they name, to that order's settlement together with what
 * the order allows, as the order's own history tells it at this moment; a reference no order has is recorded on the
 * invoice. Every command it sends changes nothing when repeated, so a redelivered invoice is matched once.
 */
@Component
@ProcessingGroup(InvoiceMatching.GROUP)
class InvoiceMatching {

    static final String GROUP = "billing-matching";

    private final CommandGateway commands;
    private final AllocationLinks links;
    private final EventStore events;
    private final BillingTerms terms;

    InvoiceMatching(CommandGateway commands, AllocationLinks links, EventStore events, BillingTerms terms) {
        this.commands = commands;
        this.links = links;
        this.events = events;
        this.terms = terms;
    }

    /** Every event of the order from its first (never a snapshot), upcast to the current shapes. */
    private List<Object> history(String orderId) {
        return events.readEvents(orderId, 0).asStream().map(m -> (Object) m.getPayload()).toList();
    }

    @EventHandler
    void on(SupplierInvoiceReceivedEvent e) {
        int matched = 0;
        Map<String, List<InvoiceLine>> byOrder = new LinkedHashMap<>();
        e.lines().forEach(l -> byOrder.computeIfAbsent(l.supplierOrderId(), k -> new ArrayList<>()).add(l));
        for (var entry : byOrder.entrySet()) {
            Optional<BillableSupplierOrder> order = links.bySupplierOrder(e.supplierId().value(), entry.getKey())
                    .flatMap(link -> BillableOrders.of(history(link.orderId()), link.allocationId()));
            if (order.isEmpty() || !order.get().retailerId().equals(e.retailerId())) {
                commands.sendAndWait(new RecordUnknownSupplierOrderCommand(e.invoiceId(), entry.getKey(),
                        new Money(InvoiceLine.total(entry.getValue()), e.currency()), e.receivedAt()));
                continue;
            }
            commands.sendAndWait(new MatchInvoiceLinesCommand(SettlementId.of(order.get().allocationId()),
                    e.invoiceId(), e.retailerId(), e.invoiceNumber(), e.currency(), entry.getValue(), order.get(),
                    terms.priceTolerance(), terms.deliveredOnly(e.supplierId()), e.receivedAt()));
            matched++;
        }
        int orders = matched;
        terms.shippingPerOrder(e.supplierId()).ifPresent(perOrder -> commands.sendAndWait(
                new CheckInvoiceShippingCommand(e.invoiceId(), new Money(perOrder.multiply(BigDecimal.valueOf(orders)),
                        e.currency()), orders, terms.priceTolerance(), e.receivedAt())));
    }
}
