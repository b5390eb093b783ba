package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Policy.Weights;
import io.orderflow.command.routing.engine.Fixtures.SupplierFixture;
import io.orderflow.command.routing.engine.RoutingDecision.UnroutableLine;
import io.orderflow.coreapi.routing.UnroutableAction;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import static io.orderflow.command.routing.engine.Fixtures.NEAR_PARIS;
import static io.orderflow.command.routing.engine.Fixtures.allocations;
import static io.orderflow.command.routing.engine.Fixtures.line;
import static io.orderflow.command.routing.engine.Fixtures.order;
import static io.orderflow.command.routing.engine.Fixtures.stocked;
import static io.orderflow.command.routing.engine.Fixtures.supplier;
import static org.assertj.core.api.Assertions.assertThat;

class UnroutableLinesTest {

    static Policy policy(UnroutableAction action) {
        return new Policy("policy-7", 2, 3, action, Weights.equal());
    }

    @Test
    void canBackorderTheLinesNobodyCanServeWhenThePolicySaysSo() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).policy(policy(UnroutableAction.BACKORDER))
                .routedTo(stocked("a", NEAR_PARIS, "A"));

        assertThat(allocations(decision)).containsExactly("a@w1: L1");
        assertThat(decision.unroutable()).containsExactly(
                new UnroutableLine("L2", "no source can serve it: no catalog entry for B at a"));
        assertThat(decision.onUnroutable()).isEqualTo(UnroutableAction.BACKORDER);
    }

    @Test
    void canHoldTheLinesNobodyCanServeWhenThePolicySaysSo() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).policy(policy(UnroutableAction.HOLD))
                .routedTo(stocked("a", NEAR_PARIS, "A"));

        assertThat(decision.unroutable()).extracting(UnroutableLine::lineId).containsExactly("L2");
        assertThat(decision.onUnroutable()).isEqualTo(UnroutableAction.HOLD);
        assertThat(decision.explanation().decision()).endsWith("; unroutable: L2 → HOLD");
    }

    @Test
    void canNameEachSourceAndWhyItCannotServeALine() {
        var decision = order(line("L1", "A", 5), line("L2", "B", 1)).routedTo(
                supplier("a").at("w1", NEAR_PARIS).sells("A").stock("A", 2),
                stocked("b", NEAR_PARIS, "A").paused(),
                stocked("c", NEAR_PARIS, "B"),
                stocked("d", NEAR_PARIS, "A").circuitOpen().shipsTo("DE"),
                supplier("e"));

        assertThat(decision.unroutable()).containsExactly(new UnroutableLine("L1", "no source can serve it: "
                + "a at w1: only 2 available, 5 needed; b at w1: supplier is paused; "
                + "d at w1: circuit open, does not ship to FR; no catalog entry for A at c, e"));
    }

    @Test
    void canNameOnlyTheFirstFewSourcesOfEachKind() {
        var suppliers = new ArrayList<SupplierFixture>();
        for (int k = 1; k <= 7; k++) {
            suppliers.add(supplier("short-" + k).at("w1", NEAR_PARIS).sells("A").stock("A", 1));
            suppliers.add(stocked("other-" + k, NEAR_PARIS, "B"));
        }

        var decision = order(line("L1", "A", 5)).routedTo(suppliers.toArray(SupplierFixture[]::new));

        assertThat(decision.unroutable()).singleElement().extracting(UnroutableLine::reason).isEqualTo(
                "no source can serve it: short-1 at w1: only 1 available, 5 needed; short-2 at w1: only 1 available, "
                + "5 needed; short-3 at w1: only 1 available, 5 needed; short-4 at w1: only 1 available, 5 needed; "
                + "short-5 at w1: only 1 available, 5 needed; and 2 more source(s) (see the explanation); "
                + "no catalog entry for A at other-1, other-2, other-3, other-4, other-5 and 2 more");
    }

    @Test
    void canListASupplierThatSellsNoneOfTheOrdersSkusWithOneReason() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).routedTo(
                stocked("a", NEAR_PARIS, "A"), supplier("z").at("w1", NEAR_PARIS).paused());

        assertThat(decision.explanation().candidates()).extracting(c -> c.supplierId().value())
                .containsExactly("a", "z");
        var z = decision.explanation().candidates().get(1);
        assertThat(z.locationId()).isNull();
        assertThat(z.eligible()).isFalse();
        assertThat(z.reasons()).containsExactly("no catalog entry for A, B");
        assertThat(decision.unroutable()).containsExactly(
                new UnroutableLine("L2", "no source can serve it: no catalog entry for B at a, z"));
    }

    @Test
    void canReportEveryLineUnroutableWhenThereAreNoSuppliers() {
        var decision = order(line("L1", "A", 1), line("L2", "B", 1)).routedTo();

        assertThat(decision.allocations()).isEmpty();
        assertThat(decision.unroutable()).containsExactly(new UnroutableLine("L1", "no candidate sources"),
                new UnroutableLine("L2", "no candidate sources"));
        assertThat(decision.fullyRouted()).isFalse();
        assertThat(decision.explanation().decision()).isEqualTo("no source can serve any line; unroutable: L1, L2 → BACKORDER");
    }
}
