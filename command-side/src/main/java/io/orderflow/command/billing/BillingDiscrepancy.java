package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.ApproveBillingDiscrepancyCommand;
import io.orderflow.coreapi.billing.BillingDiscrepancyReviewedEvent;
import io.orderflow.coreapi.billing.DiscrepancyClosed;
import io.orderflow.coreapi.billing.DiscrepancyStatus;
import io.orderflow.coreapi.billing.DisputeBillingDiscrepancyCommand;
import io.orderflow.coreapi.billing.ResolveBillingDiscrepancyCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;

import java.time.Instant;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What people decided about one discrepancy. It exists from the first decision on (a discrepancy nobody looked at is
 * OPEN); approving and resolving are final, a dispute waits for one of them. The same decision again changes nothing.
 */
@Aggregate
public class BillingDiscrepancy {

    @AggregateIdentifier
    private String discrepancyId;
    private DiscrepancyStatus status = DiscrepancyStatus.OPEN;

    protected BillingDiscrepancy() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ApproveBillingDiscrepancyCommand c) {
        decide(c.discrepancyId(), c.supplierId(), c.retailerId(), DiscrepancyStatus.APPROVED, c.actor(), c.reason(),
                c.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(DisputeBillingDiscrepancyCommand c) {
        decide(c.discrepancyId(), c.supplierId(), c.retailerId(), DiscrepancyStatus.DISPUTED, c.actor(), c.reason(),
                c.at());
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(ResolveBillingDiscrepancyCommand c) {
        decide(c.discrepancyId(), c.supplierId(), c.retailerId(), DiscrepancyStatus.RESOLVED, c.actor(), c.reason(),
                c.at());
    }

    private void decide(String id, SupplierId supplierId, RetailerId retailerId, DiscrepancyStatus decision,
                        String actor, String reason, Instant at) {
        if (actor == null || actor.isBlank() || reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an actor and a reason are required");
        }
        if (decision == status) {
            return;
        }
        if (status == DiscrepancyStatus.APPROVED || status == DiscrepancyStatus.RESOLVED) {
            throw new DiscrepancyClosed("discrepancy " + id + " is " + status + " already and cannot be " + decision);
        }
        apply(new BillingDiscrepancyReviewedEvent(id, supplierId, retailerId, decision, status, actor, reason, at));
    }

    @EventSourcingHandler
    void on(BillingDiscrepancyReviewedEvent e) {
        discrepancyId = e.discrepancyId();
        status = e.status();
    }
}
