package io.orderflow.infra.connector;

import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.infra.routing.BackorderSweeps;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SupplierCircuitBreakersTest {

    final List<String> sweeps = new ArrayList<>();
    final BackorderSweeps sweeper = new BackorderSweeps(null, null, Clock.systemUTC(), io.orderflow.infra.cluster.NodeRoles.all(), Duration.ZERO, 1) {
        @Override
        public void request(Scope scope, String cause) {
            sweeps.add(scope + ": " + cause);
        }
    };
    final SupplierCircuitBreakers breakers = new SupplierCircuitBreakers(Duration.ofSeconds(30), 5,
            new StaticListableBeanFactory(Map.of("sweeps", sweeper)).getBeanProvider(BackorderSweeps.class));

    @Test
    void theOrdersASupplierCouldServeAreSweptWhenItsCircuitHalfOpens() {
        var breaker = breakers.of("s-1");

        breaker.transitionToOpenState();
        assertThat(breakers.circuitOpen(new SupplierId("s-1"))).isTrue();
        assertThat(sweeps).isEmpty();

        breaker.transitionToHalfOpenState();
        assertThat(breakers.circuitOpen(new SupplierId("s-1"))).isFalse();
        assertThat(sweeps).singleElement().satisfies(s -> assertThat(s).contains("OfSupplier").contains("s-1")
                .contains("OPEN to HALF_OPEN"));
    }

    @Test
    void theOrdersASupplierCouldServeAreSweptWhenItsCircuitIsClosedByHand() {
        var breaker = breakers.of("s-2");
        breaker.transitionToForcedOpenState();

        breaker.transitionToClosedState();

        assertThat(sweeps).hasSize(1).allSatisfy(s -> assertThat(s).contains("s-2"));
    }

    @Test
    void nothingIsSweptWhileTheCircuitStaysClosedOrOpens() {
        var breaker = breakers.of("s-3");
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        sweeps.clear();

        breaker.transitionToOpenState();

        assertThat(sweeps).isEmpty();
    }
}
