package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.FindBillableSupplierOrderQuery;
import io.orderflow.coreapi.billing.InvoiceLine;
import io.orderflow.coreapi.billing.MatchInvoiceLinesCommand;
import io.orderflow.coreapi.billing.RecordUnknownSupplierOrderCommand;
import io.orderflow.coreapi.billing.SettlementId;
import io.orderflow.coreapi.billing.SupplierInvoiceReceivedEvent;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.infra.axon.ProcessorPositions;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands each received invoice's lines, per supplier order they name, to that order's settlement together with what
 * the order allows; a reference no order has is recorded on the invoice. Every command it sends changes nothing when
 * repeated, so a redelivered invoice is matched once.
 */
@Component
@ProcessingGroup(InvoiceMatching.GROUP)
class InvoiceMatching {

    static final String GROUP = "billing-matching";
    /** The billing projection's processing group. */
    static final String BILLING_VIEW = "billing";
    private static final Duration VIEW_WAIT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(InvoiceMatching.class);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final BillingTerms terms;
    private final ProcessorPositions positions;

    InvoiceMatching(CommandGateway commands, QueryGateway queries, BillingTerms terms, ProcessorPositions positions) {
        this.commands = commands;
        this.queries = queries;
        this.terms = terms;
        this.positions = positions;
    }

    /**
     * The billing view must have taken in everything stored before the invoice (a delivery, a cancellation) before
     * the invoice is held against it; waited for a while, then matched against what it knows.
     */
    private void awaitBillingView(TrackingToken token) {
        long invoiceAt = token == null ? -1 : token.position().orElse(-1);
        long deadline = System.nanoTime() + VIEW_WAIT.toNanos();
        while (positions.slowest(BILLING_VIEW) < invoiceAt) {
            if (System.nanoTime() > deadline) {
                log.warn("Matching an invoice at {} against the billing view, which is still behind it", invoiceAt);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @EventHandler
    void on(SupplierInvoiceReceivedEvent e, TrackingToken token) {
        awaitBillingView(token);
        Map<String, List<InvoiceLine>> byOrder = new LinkedHashMap<>();
        e.lines().forEach(l -> byOrder.computeIfAbsent(l.supplierOrderId(), k -> new ArrayList<>()).add(l));
        for (var entry : byOrder.entrySet()) {
            Optional<BillableSupplierOrder> order = queries.query(
                    new FindBillableSupplierOrderQuery(e.supplierId(), entry.getKey()),
                    ResponseTypes.optionalInstanceOf(BillableSupplierOrder.class)).join();
            if (order.isEmpty() || !order.get().retailerId().equals(e.retailerId())) {
                BigDecimal billed = entry.getValue().stream().map(InvoiceLine::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                commands.sendAndWait(new RecordUnknownSupplierOrderCommand(e.invoiceId(), entry.getKey(),
                        new Money(billed, e.currency()), e.receivedAt()));
                continue;
            }
            commands.sendAndWait(new MatchInvoiceLinesCommand(SettlementId.of(order.get().allocationId()),
                    e.invoiceId(), e.retailerId(), e.invoiceNumber(), e.currency(), entry.getValue(), order.get(),
                    terms.priceTolerance(), terms.deliveredOnly(e.supplierId()), e.receivedAt()));
        }
    }
}
