package io.orderflow.bench;

import io.orderflow.command.routing.engine.RoutingDecision;
import io.orderflow.command.routing.engine.RoutingEngine;
import io.orderflow.command.routing.engine.RoutingInput;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One routing decision for an order of 20 lines against 200 candidate suppliers (1–3 locations each, catalogs over
 * 500 SKUs), cycling through 64 different orders; data comes from fixed seeds, so every run measures the same work.
 * <ul>
 * <li>{@code input=full}: every supplier's whole catalog and stock view, shared by all orders and prepared once,
 * so each route reads catalogs that other orders' routes pushed out of the cache: the worst case.</li>
 * <li>{@code input=order-skus}: before each route (not timed) the order's input is assembled afresh with only the
 * catalog entries and stock of its SKUs, as {@code RoutingInputs} hands it over just before routing.</li>
 * </ul>
 * Both give the same decisions.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RoutingEngineBenchmark {

    static final int ORDERS = 64;

    @Param({"200"})
    int suppliers;

    @Param({"20"})
    int lines;

    @Param({"1", "3"})
    int maxSuppliersPerOrder;

    @Param({"full", "order-skus"})
    String input;

    private final RoutingEngine engine = new RoutingEngine();
    private RoutingInput[] orders;
    private int next;
    private RoutingInput current;

    @Setup(Level.Trial)
    public void generate() {
        var candidates = GeneratedRoutingData.suppliers(new Random(20250310L), suppliers);
        var random = new Random(42L);
        var policy = GeneratedRoutingData.policy(maxSuppliersPerOrder);
        orders = new RoutingInput[ORDERS];
        for (int o = 0; o < ORDERS; o++) {
            orders[o] = GeneratedRoutingData.order(random, lines, candidates, policy);
        }
    }

    @Setup(Level.Invocation)
    public void nextOrder() {
        RoutingInput order = orders[next];
        next = (next + 1) % ORDERS;
        current = input.equals("full") ? order : GeneratedRoutingData.trimmedToOrderSkus(order);
    }

    @Benchmark
    public RoutingDecision route() {
        return engine.route(current);
    }
}
