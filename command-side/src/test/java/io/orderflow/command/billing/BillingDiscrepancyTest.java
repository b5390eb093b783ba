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

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.orderflow.coreapi.billing.DiscrepancyStatus.APPROVED;
import static io.orderflow.coreapi.billing.DiscrepancyStatus.DISPUTED;
import static io.orderflow.coreapi.billing.DiscrepancyStatus.OPEN;
import static io.orderflow.coreapi.billing.DiscrepancyStatus.RESOLVED;

class BillingDiscrepancyTest {

    static final String ID = "5b7f9d1e-2c41-3a8e-9f0d-7e6a5b4c3d2e";
    static final SupplierId SUPPLIER = new SupplierId("s1");
    static final RetailerId RETAILER = new RetailerId("r1");
    static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    FixtureConfiguration<BillingDiscrepancy> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BillingDiscrepancy.class);
    }

    static Object review(DiscrepancyStatus decision) {
        return switch (decision) {
            case APPROVED -> new ApproveBillingDiscrepancyCommand(ID, SUPPLIER, RETAILER, "ops@example.com", "checked", AT);
            case DISPUTED -> new DisputeBillingDiscrepancyCommand(ID, SUPPLIER, RETAILER, "ops@example.com", "checked", AT);
            case RESOLVED -> new ResolveBillingDiscrepancyCommand(ID, SUPPLIER, RETAILER, "ops@example.com", "checked", AT);
            case OPEN -> throw new IllegalArgumentException("no command reopens a discrepancy");
        };
    }

    static BillingDiscrepancyReviewedEvent reviewed(DiscrepancyStatus status, DiscrepancyStatus previous) {
        return new BillingDiscrepancyReviewedEvent(ID, SUPPLIER, RETAILER, status, previous, "ops@example.com",
                "checked", AT);
    }

    @Test
    void canDisputeThenResolve() {
        fixture.givenNoPriorActivity().when(review(DISPUTED)).expectEvents(reviewed(DISPUTED, OPEN));
        fixture.given(reviewed(DISPUTED, OPEN)).when(review(RESOLVED)).expectEvents(reviewed(RESOLVED, DISPUTED));
    }

    @Test
    void canIgnoreTheSameDecisionAgain() {
        fixture.given(reviewed(APPROVED, OPEN)).when(review(APPROVED)).expectNoEvents();
    }

    @Test
    void cannotChangeAFinalDecision() {
        fixture.given(reviewed(APPROVED, OPEN)).when(review(DISPUTED)).expectException(DiscrepancyClosed.class);
        fixture.given(reviewed(RESOLVED, OPEN)).when(review(APPROVED)).expectException(DiscrepancyClosed.class);
    }

    @Test
    void cannotDecideWithoutAReason() {
        fixture.givenNoPriorActivity()
                .when(new ApproveBillingDiscrepancyCommand(ID, SUPPLIER, RETAILER, "ops", " ", AT))
                .expectException(IllegalArgumentException.class);
    }
}
