package io.orderflow.command.routing;

import io.orderflow.command.port.SupplierOffer;
import io.orderflow.coreapi.order.Destination;
import io.orderflow.coreapi.order.OrderLine;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HighestPriorityRoutingTest {

    static final Sku SKU = new Sku("SKU-1");
    static final Destination BERLIN = new Destination("DE", "BE", "Berlin", null, null);
    static final List<OrderLine> LINES = List.of(new OrderLine("L1", SKU, 3, new Money(BigDecimal.TEN, "EUR")));

    final RoutingStrategy routing = new HighestPriorityRouting();

    static SupplierOffer supplier(String id, int priority, boolean active, String shipsTo) {
        return new SupplierOffer(new SupplierId(id), active, priority, Set.of(shipsTo), Duration.ofMinutes(30),
                List.of("main"), Map.of(SKU, new SupplierOffer.CatalogEntry(id + "-SKU", 2)));
    }

    @Test
    void canPickTheHighestPriorityEligibleSupplier() {
        var plan = routing.plan(new RoutingRequest(BERLIN, LINES, Set.of()), List.of(
                supplier("low", 5, true, "DE"), supplier("paused", 1, false, "DE"),
                supplier("abroad", 2, true, "FR"), supplier("best", 3, true, "DE")));

        assertThat(plan.allocations()).singleElement().satisfies(a -> {
            assertThat(a.supplierId()).isEqualTo(new SupplierId("best"));
            assertThat(a.lines().getFirst().supplierUnits()).isEqualTo(6);
        });
        assertThat(plan.explanation().candidates())
                .anySatisfy(c -> assertThat(c.reasons()).contains("supplier is paused"))
                .anySatisfy(c -> assertThat(c.reasons()).contains("does not ship to DE"));
    }

    @Test
    void cannotUseAnExcludedSource() {
        var plan = routing.plan(new RoutingRequest(BERLIN, LINES, Set.of(new Source(new SupplierId("best"), "main"))),
                List.of(supplier("best", 1, true, "DE"), supplier("second", 2, true, "DE")));

        assertThat(plan.allocations()).singleElement()
                .satisfies(a -> assertThat(a.supplierId()).isEqualTo(new SupplierId("second")));
    }

    @Test
    void cannotRouteWhenNobodyCanServe() {
        var plan = routing.plan(new RoutingRequest(BERLIN, LINES, Set.of()), List.of(supplier("abroad", 1, true, "FR")));

        assertThat(plan.allocations()).isEmpty();
        assertThat(plan.unroutableLineIds()).containsExactly("L1");
    }

    @Test
    void canBreakPriorityTiesTheSameWayEveryRun() {
        var suppliers = List.of(supplier("b", 1, true, "DE"), supplier("a", 1, true, "DE"));
        var first = routing.plan(new RoutingRequest(BERLIN, LINES, Set.of()), suppliers);
        var reversed = routing.plan(new RoutingRequest(BERLIN, LINES, Set.of()), suppliers.reversed());

        assertThat(first.allocations().getFirst().supplierId()).isEqualTo(new SupplierId("a"));
        assertThat(reversed).isEqualTo(first);
    }
}
