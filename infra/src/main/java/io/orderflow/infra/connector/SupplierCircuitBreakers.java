package io.orderflow.infra.connector;

import io.orderflow.command.port.SupplierHealth;
import io.orderflow.gateway.port.SupplierCircuits;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.infra.routing.BackorderSweeps;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * One resilience4j circuit breaker per supplier. Only transient failures (5xx, 429, timeouts, refused
 * connections) count against a supplier; a business refusal or any other 4xx belongs to the request, and says
 * nothing about the supplier's health. A request's transient failure counts once, however often it was retried,
 * and not at all when the same supplier served other requests in the meantime: then the failure is that one
 * order's (its text, its size), and one order must not open the circuit for every other one. After the open period
 * the breaker half-opens by itself: routing skips an open supplier, so no call would otherwise ever close it again.
 */
@Component
class SupplierCircuitBreakers implements SupplierHealth, SupplierCircuits {

    private static final Logger log = LoggerFactory.getLogger(SupplierCircuitBreakers.class);

    private final CircuitBreakerRegistry registry;
    /** Successful calls per supplier since start: what tells one order's failure from the supplier's. */
    private final Map<String, AtomicLong> successes = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private static final Duration[] CALL_BUCKETS = Stream.of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000)
            .map(Duration::ofMillis).toArray(Duration[]::new);

    SupplierCircuitBreakers(Duration openFor, int minimumCalls, ObjectProvider<BackorderSweeps> sweeps) {
        this(openFor, minimumCalls, sweeps, new SimpleMeterRegistry());
    }

    @Autowired
    SupplierCircuitBreakers(@Value("${orderflow.supplier.circuit.open-for:30s}") Duration openFor,
                            @Value("${orderflow.supplier.circuit.minimum-calls:5}") int minimumCalls,
                            ObjectProvider<BackorderSweeps> sweeps, MeterRegistry meters) {
        this.meters = meters;
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
        registry.getEventPublisher().onEntryAdded(added -> circuitStateGauge(added.getAddedEntry()));
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

    /** {@code orderflow.supplier.circuit.state{supplier}}: 0 closed, 1 open, 2 half-open (as resilience4j orders them). */
    private void circuitStateGauge(CircuitBreaker breaker) {
        Gauge.builder("orderflow.supplier.circuit.state", breaker, b -> switch (b.getState()) {
                    case CLOSED, DISABLED, METRICS_ONLY -> 0;
                    case OPEN, FORCED_OPEN -> 1;
                    case HALF_OPEN -> 2;
                })
                .description("Circuit state per supplier: 0 closed, 1 open, 2 half-open")
                .tag("supplier", breaker.getName())
                .register(meters);
    }

    CircuitBreaker of(String supplierId) {
        return registry.circuitBreaker(supplierId);
    }

    /** Where a request stands before its first attempt; hand it to {@link #failed} when it gives up. */
    long successesSoFar(String supplierId) {
        return successes.computeIfAbsent(supplierId, id -> new AtomicLong()).get();
    }

    /**
     * One attempt of a request: refused at once while the circuit is open; a success is recorded; a failure is
     * not recorded here, but once per request by {@link #failed} when the request gives up.
     */
    <T> T attempt(String supplierId, Supplier<T> call) {
        var breaker = of(supplierId);
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException open) {
            callTimer(supplierId, "circuit_open").record(0, TimeUnit.NANOSECONDS);
            throw open;
        }
        long started = System.nanoTime();
        try {
            T result = call.get();
            long took = System.nanoTime() - started;
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
            callTimer(supplierId, "success").record(took, TimeUnit.NANOSECONDS);
            successes.computeIfAbsent(supplierId, id -> new AtomicLong()).incrementAndGet();
            return result;
        } catch (RuntimeException failure) {
            callTimer(supplierId, outcome(failure)).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            breaker.releasePermission();
            throw failure;
        }
    }

    /**
     * {@code orderflow.supplier.calls{supplier, outcome}}: every attempt of a supplier call (submission,
     * cancellation), its latency as a histogram; the count of the non-success outcomes is the error count.
     */
    private Timer callTimer(String supplierId, String outcome) {
        return Timer.builder("orderflow.supplier.calls")
                .description("Supplier API calls (each attempt) by supplier and outcome")
                .tag("supplier", supplierId)
                .tag("outcome", outcome)
                // a dozen buckets, not the ~70 of a percentile histogram: this meter exists per supplier and outcome
                .serviceLevelObjectives(CALL_BUCKETS)
                .register(meters);
    }

    /** refused (the supplier's business answer), transient (5xx, 429, timeouts: retried), or error (other 4xx, bugs). */
    static String outcome(Throwable failure) {
        if (failure instanceof SupplierCallException call && call.kind() == SupplierCallException.Kind.BUSINESS) {
            return "refused";
        }
        return countsAgainstSupplier(failure) ? "transient" : "error";
    }

    /**
     * A request gave up after {@code failure}. It counts against the supplier once, if it is a supplier failure
     * and the supplier served no other request since this one began; true when it was counted.
     */
    boolean failed(String supplierId, Throwable failure, long successesBefore) {
        if (!countsAgainstSupplier(failure)) {
            return false;
        }
        if (successesSoFar(supplierId) > successesBefore) {
            log.warn("supplier {} kept failing one request ({}) while serving others: not counted against its circuit",
                    supplierId, failure.getClass().getSimpleName());
            return false;
        }
        of(supplierId).onError(0, TimeUnit.NANOSECONDS, failure);
        return true;
    }

    @Override
    public boolean circuitOpen(SupplierId supplier) {
        return registry.find(supplier.value())
                .map(b -> b.getState() == CircuitBreaker.State.OPEN || b.getState() == CircuitBreaker.State.FORCED_OPEN)
                .orElse(false);
    }

    @Override
    public String state(String supplierId) {
        return registry.find(supplierId).map(b -> b.getState().name()).orElse(CircuitBreaker.State.CLOSED.name());
    }

    static boolean countsAgainstSupplier(Throwable failure) {
        return failure instanceof ResourceAccessException
                || (failure instanceof SupplierCallException call && call.isTransient());
    }
}
