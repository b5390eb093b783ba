package io.orderflow.command.routing;

import io.orderflow.command.order.RoutingTicket;
import io.orderflow.command.port.RoutingPolicies;
import io.orderflow.command.port.StockAvailability;
import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.command.port.SupplierPerformance;
import io.orderflow.command.routing.engine.RoutingEngine;
import io.orderflow.coreapi.order.BackorderOrderLinesCommand;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.HoldOrderCommand;
import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.RoutingExplanation;
import io.orderflow.coreapi.order.StartOrderRoutingCommand;
import io.orderflow.coreapi.routing.RoutingWeights;
import io.orderflow.coreapi.routing.UnroutableAction;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** After the policy's maximum re-routings, routing stops and backorders or holds, saying why. */
class RoutingServiceCompensationTest {

    static final RetailerId RETAILER = new RetailerId("r");
    static final OrderId ORDER = new OrderId("o-1");
    static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    static final List<OrderLine> LINES = List.of(new OrderLine("L1", new Sku("S"), 1, new Money(BigDecimal.ONE, "EUR")));
    static final Set<RoutingTicket.FailedSource> TWO_FAILURES = Set.of(
            new RoutingTicket.FailedSource(new SupplierId("a"), "main", "o-1-1", "rejected: out of stock at supplier"),
            new RoutingTicket.FailedSource(new SupplierId("b"), "main", "o-1-2", "timed out: not accepted within its acceptance time"));

    CommandGateway commands = mock(CommandGateway.class);
    RoutingPolicies policies = mock(RoutingPolicies.class);

    RoutingService service() {
        var inputs = new RoutingInputs(mock(SupplierDirectory.class), mock(StockAvailability.class),
                mock(SupplierPerformance.class), policies);
        when(commands.sendAndWait(any(StartOrderRoutingCommand.class))).thenReturn(
                new RoutingTicket(3, 2, LINES, new Destination("DE", "BE", "Berlin", null, null), "web", null, TWO_FAILURES));
        return new RoutingService(commands, inputs, new RoutingEngine(), Clock.systemUTC());
    }

    @Test
    void canBackorderOnceTheRerouteAttemptsAreUsedUp() {
        when(policies.current(RETAILER)).thenReturn(Optional.of(new RoutingPolicies.ActivePolicy(1, 1, 1,
                UnroutableAction.BACKORDER, RoutingWeights.balanced())));

        service().handle(new RouteOrderCommand(ORDER, RETAILER, T));

        var expected = "gave up after 2 failed supplier orders (policy allows 1 re-routings): "
                + "a rejected: out of stock at supplier; b timed out: not accepted within its acceptance time";
        verify(commands).sendAndWait(new BackorderOrderLinesCommand(ORDER, List.of("L1"), expected));
    }

    @Test
    void canHoldOnceTheRerouteAttemptsAreUsedUpWhenThePolicySaysSo() {
        when(policies.current(RETAILER)).thenReturn(Optional.of(new RoutingPolicies.ActivePolicy(1, 1, 0,
                UnroutableAction.HOLD, RoutingWeights.balanced())));

        service().handle(new RouteOrderCommand(ORDER, RETAILER, T));

        verify(commands).sendAndWait(any(HoldOrderCommand.class));
    }

    @Test
    void canExplainWhyAnExcludedSourceFailed() {
        var explanation = new RoutingExplanation("1", List.of(
                new RoutingExplanation.Candidate("a", "main", false, false, List.of("already failed on this order"),
                        null, null, 1.0),
                new RoutingExplanation.Candidate("c", "main", true, true, List.of(), 0.9, null, 1.0)), "chosen c");

        var explained = RoutingService.withFailures(explanation, TWO_FAILURES);

        assertThat(explained.candidates().get(0).reasons())
                .containsExactly("already failed on this order (rejected: out of stock at supplier)");
        assertThat(explained.candidates().get(1)).isEqualTo(explanation.candidates().get(1));
    }
}
