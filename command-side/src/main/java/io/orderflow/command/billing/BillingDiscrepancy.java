package io.orderflow.command.billing;

import io.orderflow.coreapi.billing.BillingDiscrepancyReviewedEvent;
import io.orderflow.coreapi.billing.DiscrepancyClosed;
import io.orderflow.coreapi.billing.DiscrepancyStatus;
import io.orderflow.coreapi.billing.ReviewBillingDiscrepancyCommand;

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
    public void handle(ReviewBillingDiscrepancyCommand c) {
        if (c.decision() == null || c.decision() == DiscrepancyStatus.OPEN) {
            throw new IllegalArgumentException("a discrepancy is approved, disputed or resolved");
        }
        if (c.actor() == null || c.actor().isBlank() || c.reason() == null || c.reason().isBlank()) {
            throw new IllegalArgumentException("an actor and a reason are required");
        }
        if (c.decision() == status) {
            return;
        }
        if (status == DiscrepancyStatus.APPROVED || status == DiscrepancyStatus.RESOLVED) {
            throw new DiscrepancyClosed("discrepancy " + c.discrepancyId() + " is " + status
                    + " already and cannot be " + c.decision());
        }
        apply(new BillingDiscrepancyReviewedEvent(c.discrepancyId(), c.supplierId(), c.retailerId(), c.decision(),
                status, c.actor(), c.reason(), c.at()));
    }

    @EventSourcingHandler
    void on(BillingDiscrepancyReviewedEvent e) {
        discrepancyId = e.discrepancyId();
        status = e.status();
    }
}
