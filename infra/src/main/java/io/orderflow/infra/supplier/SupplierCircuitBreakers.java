package io.orderflow.infra.supplier;

import io.orderflow.command.port.SupplierHealth;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.infra.routing.BackorderSweeps;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * One resilience4j circuit breaker per supplier. Only transient failures (5xx, 429, timeouts, refused
 * connections) count against a supplier; a business refusal says nothing about its health. After the open period
 * the breaker half-opens by itself: routing skips an open supplier, so no call would otherwise ever close it again.
 */
@Component
class SupplierCircuitBreakers implements SupplierHealth {

    private static final Logger log = LoggerFactory.getLogger(SupplierCircuitBreakers.class);

    private final CircuitBreakerRegistry registry;

    SupplierCircuitBreakers(@Value("${orderflow.supplier.circuit.open-for:30s}") Duration openFor,
                            @Value("${orderflow.supplier.circuit.minimum-calls:5}") int minimumCalls,
                            ObjectProvider<BackorderSweeps> sweeps) {
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(10, minimumCalls))
                .minimumNumberOfCalls(minimumCalls)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(SupplierCircuitBreakers::countsAgainstSupplier)
                .build());
        registry.getEventPublisher().onEntryAdded(added -> added.getAddedEntry().getEventPublisher()
                .onStateTransition(e -> {
                    log.warn("supplier {} circuit {}", e.getCircuitBreakerName(), e.getStateTransition());
                    if (reopened(e.getStateTransition())) {
                        var sweeper = sweeps.getIfAvailable();
                        if (sweeper != null) {
                            sweeper.request(new BackorderSweeps.OfSupplier(new SupplierId(e.getCircuitBreakerName())),
                                    "circuit " + e.getStateTransition());
                        }
                    }
                }));
    }

    /** Routing skipped the supplier while its circuit was open: the orders it backordered then may go now. */
    static boolean reopened(CircuitBreaker.StateTransition transition) {
        var from = transition.getFromState();
        var to = transition.getToState();
        return (from == CircuitBreaker.State.OPEN || from == CircuitBreaker.State.FORCED_OPEN)
                && to != CircuitBreaker.State.OPEN && to != CircuitBreaker.State.FORCED_OPEN;
    }

    CircuitBreaker of(String supplierId) {
        return registry.circuitBreaker(supplierId);
    }

    @Override
    public boolean circuitOpen(SupplierId supplier) {
        return registry.find(supplier.value())
                .map(b -> b.getState() == CircuitBreaker.State.OPEN || b.getState() == CircuitBreaker.State.FORCED_OPEN)
                .orElse(false);
    }

    static boolean countsAgainstSupplier(Throwable failure) {
        return failure instanceof ResourceAccessException
                || (failure instanceof SupplierCallException call && call.isTransient());
    }
}
