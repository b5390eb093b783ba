package io.orderflow.infra.billing;

import io.orderflow.coreapi.billing.BillableSupplierOrder;
import io.orderflow.coreapi.billing.FindUninvoicedDeliveriesQuery;
import io.orderflow.coreapi.billing.FlagNotInvoicedCommand;
import io.orderflow.coreapi.billing.SettlementId;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Every {@code orderflow.billing.sweep-interval} (default 1 hour; zero switches it off) flags the supplier orders
 * delivered more than {@code orderflow.billing.not-invoiced-after} ago with nothing billed for them. The settlement
 * flags an order once, so nodes that sweep at the same time find each order once between them.
 */
@Component
class NotInvoicedSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotInvoicedSweep.class);
    private static final int BATCH = 500;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final BillingTerms terms;
    private final Clock clock;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    NotInvoicedSweep(CommandGateway commands, QueryGateway queries, BillingTerms terms, Clock clock,
                     @Value("${orderflow.billing.sweep-interval:1h}") Duration interval) {
        this.commands = commands;
        this.queries = queries;
        this.terms = terms;
        this.clock = clock;
        this.interval = interval;
    }

    int sweep() {
        var cutoff = clock.instant().minus(terms.notInvoicedAfter());
        List<BillableSupplierOrder> due = queries.query(new FindUninvoicedDeliveriesQuery(cutoff, BATCH),
                ResponseTypes.multipleInstancesOf(BillableSupplierOrder.class)).join();
        for (var order : due) {
            commands.sendAndWait(new FlagNotInvoicedCommand(SettlementId.of(order.allocationId()), order.retailerId(),
                    order, terms.deliveredOnly(order.supplierId()), clock.instant()));
        }
        return due.size();
    }

    private void sweepSafely() {
        try {
            int flagged = sweep();
            if (flagged > 0) {
                log.info("{} delivered supplier orders not invoiced within {}", flagged, terms.notInvoicedAfter());
            }
        } catch (RuntimeException e) {
            log.warn("The not-invoiced sweep failed; the next one tries again: {}", e.toString());
        }
    }

    @Override
    public void start() {
        if (interval.isNegative() || interval.isZero()) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("billing-not-invoiced").factory());
        executor.scheduleWithFixedDelay(this::sweepSafely, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        var running = executor;
        if (running != null) {
            running.shutdownNow();
        }
        executor = null;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
