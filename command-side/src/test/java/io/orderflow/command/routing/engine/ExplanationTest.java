package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Explanation.Candidate;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.LYON;
import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.candidate;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

class ExplanationTest {

    @Test
    void canListEveryCandidateOnceInIdOrder() {
        var decision = order(line("L1", "A", 1)).routedTo(
                stocked("c", NEAR_PARIS, "A").at("w0", LYON).stock("A", 5),
                stocked("a", NEAR_PARIS, "B"),
                stocked("b", NEAR_PARIS, "A").paused().at("w2", LYON));

        assertThat(decision.explanation().candidates())
                .extracting(c -> c.supplierId() + "@" + c.locationId())
                .containsExactly("a@w1", "b@w1", "b@w2", "c@w0", "c@w1");
    }

    @Test
    void canScoreEligibleCandidatesAndGiveReasonsForExcludedOnes() {
        var decision = order(line("L1", "A", 1)).routedTo(stocked("a", NEAR_PARIS, "A"), stocked("b", NEAR_PARIS, "A").paused());

        Candidate eligible = candidate(decision, "a", "w1");
        Candidate excluded = candidate(decision, "b", "w1");
        assertThat(eligible.eligible()).isTrue();
        assertThat(eligible.chosen()).isTrue();
        assertThat(eligible.score()).isNotNull();
        assertThat(eligible.breakdown()).isNotNull();
        assertThat(eligible.servableLineIds()).containsExactly("L1");
        assertThat(excluded.eligible()).isFalse();
        assertThat(excluded.chosen()).isFalse();
        assertThat(excluded.score()).isNull();
        assertThat(excluded.reasons()).containsExactly("supplier is paused");
    }

    @Test
    void canRecordThePolicyVersion() {
        var decision = order(line("L1", "A", 1)).routedTo(stocked("a", NEAR_PARIS, "A"));

        assertThat(decision.explanation().policyVersion()).isEqualTo("policy-7");
    }

    @Test
    void canSayWhyOneSupplierWasChosen() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).routedTo(stocked("a", NEAR_PARIS, "A", "B"));

        assertThat(decision.explanation().decision())
                .isEqualTo("one supplier covers all lines: a at w1 takes L1, L2 (plan score 1.000)");
    }

    @Test
    void canSayHowAnOrderWasSplit() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).maxSuppliers(2)
                .routedTo(stocked("a", NEAR_PARIS, "A"), stocked("b", NEAR_PARIS, "B"));

        assertThat(decision.explanation().decision()).isEqualTo(
                "split over 2 suppliers: no single source has every line; a at w1 takes L1, b at w1 takes L2"
                        + " (plan score 1.000)");
    }

    @Test
    void canNameTheUnroutableLinesAndWhatThePolicySaysInThePlan() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).routedTo(supplier("a").at("w1", NEAR_PARIS)
                .sells("A").stock("A", 5));

        assertThat(decision.explanation().decision()).endsWith("; unroutable: L2 → BACKORDER");
    }
}
