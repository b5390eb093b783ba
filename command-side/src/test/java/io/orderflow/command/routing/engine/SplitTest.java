package io.orderflow.command.routing.engine;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.COST_ONLY;
import static io.orderflow.command.routing.engine.Fixtures.LYON;
import static io.orderflow.command.routing.engine.Fixtures.MARSEILLE;
import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.allocations;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static io.orderflow.command.routing.engine.Fixtures.unroutableLineIds;
import static org.assertj.core.api.Assertions.assertThat;

class SplitTest {

    /** Lines A and B; "a-only" has only A, "b-only" only B: only two suppliers together can serve the order. */
    static Fixtures.Order twoLines() {
        return order(line("L1", "A", 1), line("L2", "B", 1));
    }

    @Test
    void cannotSplitAnOrderUnderALimitOfOne() {
        var decision = twoLines().maxSuppliers(1)
                .routedTo(stocked("a-only", NEAR_PARIS, "A"), stocked("b-only", NEAR_PARIS, "B"));

        assertThat(decision.allocations()).hasSize(1);
        assertThat(decision.unroutable()).singleElement().satisfies(u -> assertThat(u.reason())
                .isEqualTo("only another source can serve it, and the policy allows at most 1 supplier(s) per order"));
        assertThat(decision.explanation().decision()).startsWith("the policy allows 1 supplier per order");
    }

    @Test
    void canSplitAnOrderOverTwoSuppliersUnderALimitOfTwo() {
        var decision = twoLines().maxSuppliers(2)
                .routedTo(stocked("a-only", NEAR_PARIS, "A"), stocked("b-only", NEAR_PARIS, "B"));

        assertThat(allocations(decision)).containsExactly("a-only@w1: L1", "b-only@w1: L2");
        assertThat(decision.unroutable()).isEmpty();
        assertThat(decision.explanation().decision())
                .startsWith("split over 2 suppliers: no single source has every line");
    }

    @Test
    void canChooseTheSourceCoveringTheMostLinesUnderALimitOfOne() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1), line("L3", "C", 1)).maxSuppliers(1)
                .routedTo(stocked("a-best-scored", NEAR_PARIS, "C").rank(1),
                        stocked("b-covers-two", MARSEILLE, "A", "B").rank(9));

        assertThat(allocations(decision)).containsExactly("b-covers-two@w1: L1,L2");
        assertThat(unroutableLineIds(decision)).containsExactly("L3");
    }

    @Test
    void canPreferOneSupplierOverABetterScoredSplit() {
        var decision = twoLines().maxSuppliers(2).weights(COST_ONLY).routedTo(
                supplier("a-cheap-a").at("w1", NEAR_PARIS).sells("A", 1, "1.00").stock("A", 9),
                supplier("b-cheap-b").at("w1", NEAR_PARIS).sells("B", 1, "1.00").stock("B", 9),
                supplier("c-dear-both").at("w1", MARSEILLE).sells("A", 1, "50.00").stock("A", 9)
                        .sells("B", 1, "50.00").stock("B", 9));

        assertThat(allocations(decision)).containsExactly("c-dear-both@w1: L1,L2");
        assertThat(decision.explanation().decision()).startsWith("one supplier covers all lines");
    }

    @Test
    void cannotExceedTheSplitLimit() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1), line("L3", "C", 1)).maxSuppliers(2)
                .routedTo(stocked("a", NEAR_PARIS, "A"), stocked("b", NEAR_PARIS, "B"), stocked("c", NEAR_PARIS, "C"));

        assertThat(decision.allocations()).hasSize(2);
        assertThat(decision.unroutable()).hasSize(1);
    }

    @Test
    void canChooseTheBestScoredSplit() {
        var decision = twoLines().maxSuppliers(2).weights(COST_ONLY).routedTo(
                supplier("a-both").at("w1", NEAR_PARIS).sells("A", 1, "9.00").stock("A", 9)
                        .sells("B", 1, "1.00").stock("B", 0),
                supplier("b-both").at("w1", NEAR_PARIS).sells("A", 1, "1.00").stock("A", 0)
                        .sells("B", 1, "1.00").stock("B", 9),
                supplier("c-cheap-a").at("w1", NEAR_PARIS).sells("A", 1, "1.00").stock("A", 9));

        assertThat(allocations(decision)).containsExactly("b-both@w1: L2", "c-cheap-a@w1: L1");
    }

    @Test
    void canFindATwoSupplierSplitWhereGreedyWouldTakeThree() {
        // "a-biggest" has the most lines, but taking it first leaves L5 and L6 to two more suppliers
        var decision = order(line("L1", "A", 1), line("L2", "B", 1), line("L3", "C", 1), line("L4", "D", 1),
                line("L5", "E", 1), line("L6", "F", 1)).maxSuppliers(3).routedTo(
                stocked("a-biggest", NEAR_PARIS, "A", "B", "C", "D"), stocked("b", LYON, "A", "B", "E"),
                stocked("c", MARSEILLE, "C", "D", "F"));

        assertThat(allocations(decision)).containsExactly("b@w1: L1,L2,L5", "c@w1: L3,L4,L6");
    }

    @Test
    void cannotUseTwoLocationsOfASupplierThatTakesOnlyOneMoreOrderToday() {
        var oneOrderLeft = supplier("a").capacity(9, 10)
                .at("w1", NEAR_PARIS).sells("A").stock("A", 9)
                .at("w2", NEAR_PARIS).sells("B").stock("B", 9);

        var decision = twoLines().maxSuppliers(2).routedTo(oneOrderLeft);

        assertThat(decision.allocations()).hasSize(1);
        assertThat(decision.unroutable()).hasSize(1);
    }
}
