package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Policy.Weights;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.COST_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.MARSEILLE;
import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.PARIS_WITHOUT_COORDINATES;
import static io.orderflow.command.routing.engine.Fixtures.PRIORITY_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.PROMISE_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.PROXIMITY_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.RELIABILITY_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.STOCK_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.TODAY;
import static io.orderflow.command.routing.engine.Fixtures.allocations;
import static io.orderflow.command.routing.engine.Fixtures.candidate;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One criterion at a time, by giving the policy only that weight. The expected winner always has the later id, so
 * a criterion that did nothing would lose to the id tie-break and the test would fail.
 */
class ScoringTest {

    static Fixtures.Order oneLine(Weights weights) {
        return order(line("L1", "A", 5)).weights(weights);
    }

    @Test
    void canPreferTheNearerSourceOnProximity() {
        var decision = oneLine(PROXIMITY_ONLY).routedTo(stocked("a-far", MARSEILLE, "A"), stocked("b-near", NEAR_PARIS, "A"));

        assertThat(allocations(decision)).containsExactly("b-near@w1: L1");
        assertThat(candidate(decision, "b-near", "w1").breakdown().proximity()).isEqualTo(1.0);
        assertThat(candidate(decision, "a-far", "w1").breakdown().proximity()).isEqualTo(0.0);
        assertThat(candidate(decision, "a-far", "w1").distanceKm()).isBetween(650.0, 700.0);
    }

    @Test
    void canPreferTheSameRegionWhenCoordinatesAreMissing() {
        var otherRegion = supplier("a-lyon").atRegion("w1", "FR", "ARA").sells("A").stock("A", 100);
        var sameRegion = supplier("b-paris").atRegion("w1", "FR", "IDF").sells("A").stock("A", 100);

        var decision = oneLine(PROXIMITY_ONLY).to(PARIS_WITHOUT_COORDINATES).routedTo(otherRegion, sameRegion);

        assertThat(allocations(decision)).containsExactly("b-paris@w1: L1");
        assertThat(candidate(decision, "b-paris", "w1").distanceEstimated()).isTrue();
        assertThat(candidate(decision, "b-paris", "w1").distanceKm()).isEqualTo(Distance.SAME_REGION_KM);
    }

    @Test
    void canPreferTheCheaperSourceOnCost() {
        var expensive = supplier("a-expensive").at("w1", NEAR_PARIS).sells("A", 1, "12.00").stock("A", 100);
        var cheap = supplier("b-cheap").at("w1", NEAR_PARIS).sells("A", 1, "9.00").stock("A", 100);

        var decision = oneLine(COST_ONLY).routedTo(expensive, cheap);

        assertThat(allocations(decision)).containsExactly("b-cheap@w1: L1");
    }

    @Test
    void canCountTheOrderFeeInTheCost() {
        var decision = oneLine(COST_ONLY).routedTo(stocked("a-fee", NEAR_PARIS, "A").fee("8.00"),
                stocked("b-no-fee", NEAR_PARIS, "A"));

        assertThat(allocations(decision)).containsExactly("b-no-fee@w1: L1");
    }

    @Test
    void canCountTheShippingDistanceInTheCost() {
        var decision = oneLine(COST_ONLY).routedTo(stocked("a-far", MARSEILLE, "A"), stocked("b-near", NEAR_PARIS, "A"));

        assertThat(allocations(decision)).containsExactly("b-near@w1: L1");
    }

    @Test
    void canEstimateTheLandedCostOfAnAllocation() {
        var source = supplier("s").atRegion("w1", "FR", "IDF").sells("A", 1, "10.00").stock("A", 100).fee("1.00");

        var decision = order(line("L1", "A", 2)).to(PARIS_WITHOUT_COORDINATES).routedTo(source);

        // goods 2 × 10.00, shipping 5.00 + 2 units × 150 km × 1.00 / 1000 km, fee 1.00
        assertThat(decision.allocations().getFirst().landedCost())
                .isEqualTo(Fixtures.eur("26.30"));
        assertThat(decision.allocations().getFirst().landedCost().amount().scale()).isEqualTo(2);
    }

    @Test
    void canPreferTheBetterPriorityRank() {
        var decision = oneLine(PRIORITY_ONLY).routedTo(stocked("a-third", NEAR_PARIS, "A").rank(3),
                stocked("b-first", NEAR_PARIS, "A").rank(1));

        assertThat(allocations(decision)).containsExactly("b-first@w1: L1");
    }

    @Test
    void canPreferTheSourceThatMeetsThePromiseDate() {
        var decision = oneLine(PROMISE_ONLY).promiseBy(TODAY.plusDays(3)).routedTo(
                stocked("a-slow", NEAR_PARIS, "A").handlingDays(5), stocked("b-fast", NEAR_PARIS, "A").handlingDays(1));

        assertThat(allocations(decision)).containsExactly("b-fast@w1: L1");
        assertThat(candidate(decision, "a-slow", "w1").breakdown().promise()).isEqualTo(0.0);
    }

    @Test
    void canTreatEverySourceAlikeOnPromiseWithoutAPromiseDate() {
        var decision = oneLine(PROMISE_ONLY).routedTo(
                stocked("a-slow", NEAR_PARIS, "A").handlingDays(5), stocked("b-fast", NEAR_PARIS, "A").handlingDays(1));

        assertThat(candidate(decision, "a-slow", "w1").breakdown().promise()).isEqualTo(1.0);
        assertThat(candidate(decision, "b-fast", "w1").breakdown().promise()).isEqualTo(1.0);
    }

    @Test
    void canPreferTheMoreReliableSupplier() {
        var decision = oneLine(RELIABILITY_ONLY).routedTo(
                stocked("a-shaky", NEAR_PARIS, "A").reliability(0.6, 0.7),
                stocked("b-steady", NEAR_PARIS, "A").reliability(0.95, 0.98));

        assertThat(allocations(decision)).containsExactly("b-steady@w1: L1");
    }

    @Test
    void canTreatANewSupplierAsNeutralOnReliability() {
        var decision = oneLine(RELIABILITY_ONLY).routedTo(
                stocked("a-poor", NEAR_PARIS, "A").reliability(0.3, 0.3),
                stocked("b-new", NEAR_PARIS, "A").reliability(null, null),
                stocked("c-good", NEAR_PARIS, "A").reliability(0.8, 0.8));

        assertThat(candidate(decision, "b-new", "w1").breakdown().reliability()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void canPreferTheDeeperStock() {
        var shallow = supplier("a-shallow").at("w1", NEAR_PARIS).sells("A").stock("A", 6);
        var deep = supplier("b-deep").at("w1", NEAR_PARIS).sells("A").stock("A", 100);

        var decision = oneLine(STOCK_ONLY).routedTo(shallow, deep);

        assertThat(allocations(decision)).containsExactly("b-deep@w1: L1");
    }

    @Test
    void canCombineTheCriteriaByThePolicyWeights() {
        var nearButDear = supplier("a-near").at("w1", NEAR_PARIS).sells("A", 1, "20.00").stock("A", 100);
        var farButCheap = supplier("b-far").at("w1", MARSEILLE).sells("A", 1, "5.00").stock("A", 100);

        var proximityFirst = oneLine(new Weights(3, 1, 0, 0, 0, 0)).routedTo(nearButDear, farButCheap);
        var costFirst = oneLine(new Weights(1, 3, 0, 0, 0, 0)).routedTo(nearButDear, farButCheap);

        assertThat(allocations(proximityFirst)).containsExactly("a-near@w1: L1");
        assertThat(allocations(costFirst)).containsExactly("b-far@w1: L1");
        assertThat(candidate(costFirst, "b-far", "w1").score()).isCloseTo(0.75, within(1e-9));
    }

    @Test
    void canKeepEveryScoreBetweenZeroAndOne() {
        var decision = order(line("L1", "A", 5), line("L2", "B", 1)).weights(new Weights(2, 5, 1, 0.5, 3, 1))
                .promiseBy(TODAY.plusDays(2)).maxSuppliers(2)
                .routedTo(stocked("a", MARSEILLE, "A", "B").rank(4).handlingDays(3).reliability(0.2, null),
                        stocked("b", NEAR_PARIS, "A").fee("3.50"), stocked("c", Fixtures.LYON, "B").rank(2));

        assertThat(decision.explanation().candidates()).allSatisfy(c -> {
            assertThat(c.score()).isBetween(0.0, 1.0);
            var b = c.breakdown();
            for (double v : new double[] {b.proximity(), b.cost(), b.priority(), b.promise(), b.reliability(), b.stock()}) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        });
        assertThat(decision.allocations()).allSatisfy(a -> assertThat(a.landedCost().amount())
                .isGreaterThan(BigDecimal.ZERO));
    }
}
