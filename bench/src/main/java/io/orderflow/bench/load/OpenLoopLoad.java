package io.orderflow.bench.load;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.shared.RetailerId;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * Offers orders at a fixed rate whatever the answers do (open loop): the n-th order is due at start + n / rate, and
 * its latency counts from then, so a slow answer cannot hide the requests that should have been sent meanwhile.
 */
final class OpenLoopLoad {

    private static final RetailerId RETAILER = new RetailerId("demo-retailer");

    /** One per node: orders go round-robin through them. */
    private final List<URI> ordersUris;
    private final Scenario scenario;
    private final String runId;
    private final int maxOutstanding;
    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final SplittableRandom random = new SplittableRandom(42);

    /** Placement latency (microseconds) of the current interval, from when each order was due. */
    final Recorder placement = new Recorder(3);
    /** Orders placed in measured steps. */
    final LongAdder created = new LongAdder();
    /** Orders placed in the whole run, warm-up included: what the whole run's events, commits and CPU served. */
    final LongAdder placedInRun = new LongAdder();
    final LongAdder missed = new LongAdder();
    final Map<Integer, LongAdder> failures = new ConcurrentHashMap<>();
    /** Orders placed: order id → when it was due (epoch millis), for the latency to acceptance. */
    final Map<String, Long> dueAt = new ConcurrentHashMap<>();

    OpenLoopLoad(List<URI> nodes, Scenario scenario, String runId, int maxOutstanding) {
        this.ordersUris = nodes.stream().map(node -> node.resolve("/api/v1/orders")).toList();
        this.scenario = scenario;
        this.runId = runId;
        this.maxOutstanding = maxOutstanding;
    }

    /** Offers {@code rate} orders a second for {@code duration}; returns once the last one is due. */
    void offer(int rate, Duration duration, boolean recorded) {
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long count = duration.toNanos() / period;
        for (long i = 0; i < count; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (outstanding.get() >= maxOutstanding) {
                missed.increment();
                continue;
            }
            send(due, System.currentTimeMillis() - Math.max(0, (System.nanoTime() - due) / 1_000_000), recorded);
        }
    }

    private void send(long dueNanos, long dueEpochMillis, boolean recorded) {
        long n = sequence.incrementAndGet();
        String external = "bench-" + runId + "-" + n;
        String body;
        synchronized (random) {
            body = scenario.order(external, random);
        }
        var request = HttpRequest.newBuilder(ordersUris.get((int) (n % ordersUris.size()))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", Http.STOREFRONT_KEY)
                .header("Idempotency-Key", external)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        outstanding.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, failure) -> {
            outstanding.decrementAndGet();
            long micros = (System.nanoTime() - dueNanos) / 1_000;
            int status = failure != null ? 0 : answer.statusCode();
            if (status == 201) {
                placedInRun.increment();
                if (recorded) {
                    placement.recordValue(micros);
                    created.increment();
                    dueAt.put(OrderId.of(RETAILER, external).value(), dueEpochMillis);
                }
            } else {
                failures.computeIfAbsent(status, s -> new LongAdder()).increment();
            }
        });
    }

    int outstanding() {
        return outstanding.get();
    }
}
