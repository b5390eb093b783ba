package io.orderflow.command.routing.engine;

import io.orderflow.command.routing.engine.Policy.UnroutableAction;
import io.orderflow.command.routing.engine.Policy.Weights;
import io.orderflow.command.routing.engine.RoutingDecision.UnroutableLine;

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
                new UnroutableLine("L2", "no source can serve it: 1 without a catalog entry for B"));
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
    void canSayWhyNoSourceCanServeALine() {
        var decision = order(line("L1", "A", 5)).routedTo(
                supplier("a").at("w1", NEAR_PARIS).sells("A").stock("A", 2),
                stocked("b", NEAR_PARIS, "A").paused(),
                stocked("c", NEAR_PARIS, "B"));

        assertThat(decision.unroutable()).containsExactly(new UnroutableLine("L1", "no source can serve it: "
                + "1 without a catalog entry for A; 1 with too little stock for the whole line; 1 unavailable "
                + "(paused, circuit open, out of area, at capacity, excluded by agreement or already failed)"));
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
