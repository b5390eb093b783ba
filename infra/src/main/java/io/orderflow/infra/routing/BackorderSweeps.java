package io.orderflow.infra.routing;

import io.orderflow.coreapi.order.FindWaitingBackordersQuery;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.order.WaitingBackorder;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.FindPositionAvailabilityQuery;
import io.orderflow.coreapi.stock.PositionAvailability;
import io.orderflow.coreapi.shared.StockPositionId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.infra.cluster.NodeRoles;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Routes backordered orders again when something that made a supplier ineligible has cleared: stock is reported
 * for a SKU ({@link BackorderStockTriggers}), a supplier's circuit closes or half-opens, the supplier directory
 * changes (a supplier reactivated or changed, a catalog or routing policy published), a new UTC day resets daily
 * capacities, and the service starts (circuits start closed, and a request noted before a crash is not lost with
 * it).
 *
 * <p>A request names a scope (one supplier, one retailer, everything) and is only noted: the first one schedules a
 * sweep after a short quiet period ({@code orderflow.backorders.sweep-delay}, 500 ms), and everything noted until
 * then is swept together, so a burst of causes (a replayed directory, a flapping circuit) is one sweep per scope, and
 * an "everything" request absorbs the others. Sweeps run one after another on a thread of their own. A sweep sends
 * one RouteOrderCommand per waiting order, oldest first, one at a time, at most
 * {@code orderflow.backorders.sweep-limit} (1,000) orders; routing decides whether the order can go now, and one that
 * cannot stays backordered without a new event. Every node sweeps for its own causes; a second route of an order
 * finds nothing left to route. Which orders wait, and what a position has available, are asked of the read side's
 * query handlers.
 *
 * <p>Routing plans from the stock read model, which may not have taken a stock report yet when the sweep is due. A
 * stock scope carries the sequence of the report that asked for it: while the read model shows an older sequence,
 * the sweep of that scope is noted again for a moment later (nothing waits), for at most {@value #VIEW_WAIT_SECONDS}
 * seconds, after which it is swept anyway; once the read model has caught up and shows nothing available, it is not
 * swept at all.
 */
@Component
public class BackorderSweeps implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackorderSweeps.class);

    static final int PAGE = 100;
    static final long VIEW_WAIT_SECONDS = 5;
    static final Duration VIEW_WAIT = Duration.ofSeconds(VIEW_WAIT_SECONDS);
    /** How soon a stock scope whose report the read model has not taken yet is looked at again. */
    static final Duration VIEW_RETRY = Duration.ofMillis(100);

    /** What to sweep: the backorders one supplier could serve, those of one retailer, or all. */
    public sealed interface Scope {
        Scope EVERYTHING = new Everything();
    }

    public record OfSupplier(SupplierId supplierId) implements Scope {
    }

    public record OfRetailer(RetailerId retailerId) implements Scope {
    }

    /** The backorders waiting for what one stock position holds. */
    public record OfStock(StockPositionId positionId, SupplierId supplierId, String supplierSku) implements Scope {
    }

    record Everything() implements Scope {
    }

    /** Runs a task once, after a while; sweeps run one at a time, in the order they fall due. */
    interface Timer {
        void schedule(Runnable task, Duration after);

        void stop();
    }

    /** A stock scope's report: its sequence, and since when the sweep has been waiting for the read model. */
    record Report(long sequence, Instant waitingSince) {
    }

    private final boolean sweeps;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final Duration delay;
    private final int limit;
    private final Timer timer;

    /** Guards what follows: scope to the causes asked for it, in order of request. */
    private final Object lock = new Object();
    private final Map<Scope, String> pending = new LinkedHashMap<>();
    /** For a pending stock scope: the latest report, which the stock view must show before the sweep. */
    private final Map<Scope, Report> reported = new HashMap<>();
    private boolean sweepScheduled;
    private LocalDate today;
    private volatile boolean running;

    @Autowired
    public BackorderSweeps(CommandGateway commands, QueryGateway queries, Clock clock, NodeRoles roles,
                           @Value("${orderflow.backorders.sweep-delay:500ms}") Duration delay,
                           @Value("${orderflow.backorders.sweep-limit:1000}") int limit) {
        this(commands, queries, clock, roles, delay, limit, executorTimer());
    }

    BackorderSweeps(CommandGateway commands, QueryGateway queries, Clock clock, NodeRoles roles, Duration delay,
                    int limit, Timer timer) {
        this.sweeps = roles.has(NodeRole.SAGA);
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.delay = delay;
        this.limit = limit;
        this.timer = timer;
    }

    /**
     * One thread, so that sweeps never overlap; a virtual one, as it mostly waits for commands. Stopping drops what
     * is scheduled and lets a running sweep finish (it stops after the order it is routing).
     */
    private static Timer executorTimer() {
        var executor = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("backorder-sweeps").factory());
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return new Timer() {
            @Override
            public void schedule(Runnable task, Duration after) {
                executor.schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void stop() {
                executor.shutdown();
                try {
                    if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                        executor.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    /** Notes that the backorders in {@code scope} may be routable now, because of {@code cause}; returns at once. */
    public void request(Scope scope, String cause) {
        synchronized (lock) {
            note(scope, cause);
        }
    }

    /** Stock was reported (event {@code sequence} of the position): the orders waiting for it may go now. */
    public void stockReported(OfStock scope, long sequence) {
        synchronized (lock) {
            if (note(scope, "stock reported")) {
                reported.merge(scope, new Report(sequence, null),
                        (was, now) -> new Report(Math.max(was.sequence(), now.sequence()), was.waitingSince()));
            }
        }
    }

    /** Under the lock: notes the scope unless everything is swept anyway; schedules a sweep if none is. */
    private boolean note(Scope scope, String cause) {
        if (pending.containsKey(Scope.EVERYTHING)) {
            return false;
        }
        if (scope instanceof Everything) {
            pending.clear();
            reported.clear();
        }
        pending.putIfAbsent(scope, cause);
        scheduleSweep(delay);
        return true;
    }

    private void scheduleSweep(Duration after) {
        if (running && !sweepScheduled) {
            sweepScheduled = true;
            timer.schedule(this::sweepDue, after);
        }
    }

    /** Sweeping is the saga role's work; elsewhere requests are noted and never swept. */
    @Override
    public boolean isAutoStartup() {
        return sweeps;
    }

    @Override
    public void start() {
        synchronized (lock) {
            running = true;
            today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            note(Scope.EVERYTHING, "start-up");
            timer.schedule(this::newDay, untilTomorrow());
        }
    }

    /** At midnight UTC the daily capacities are reset: everything may go again. */
    private void newDay() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            var now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (!now.equals(today)) {
                today = now;
                note(Scope.EVERYTHING, "daily capacities reset on " + now);
            }
            timer.schedule(this::newDay, untilTomorrow());
        }
    }

    private Duration untilTomorrow() {
        var now = clock.instant();
        var midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Duration.between(now, midnight);
    }

    /** Takes everything noted and sweeps it, scope by scope, in the order it was asked for. */
    void sweepDue() {
        Map<Scope, String> due;
        Map<Scope, Report> reports;
        synchronized (lock) {
            sweepScheduled = false;
            due = new LinkedHashMap<>(pending);
            reports = new HashMap<>(reported);
            pending.clear();
            reported.clear();
        }
        for (var sweep : due.entrySet()) {
            if (!running) {
                return;
            }
            try {
                sweep(sweep.getKey(), sweep.getValue(), reports.get(sweep.getKey()));
            } catch (RuntimeException e) {
                log.warn("backorder sweep failed, next cause will sweep again: {}", e.toString());
            }
        }
    }

    /** Routes the waiting orders of the scope, oldest first; returns how many route commands it sent. */
    int sweep(Scope scope, String cause, Report report) {
        if (scope instanceof OfStock stock && !stockViewShowsAvailability(stock, cause, report)) {
            return 0;
        }
        int sent = 0;
        WaitingBackorder last = null;
        boolean more = true;
        while (more && running && sent < limit) {
            var page = waiting(scope, last, Math.min(PAGE, limit - sent));
            more = page.size() == PAGE;
            for (var order : page) {
                if (!running || (scope instanceof OfStock stock && sent > 0 && available(stock) <= 0)) {
                    more = false; // for stock: taken by the orders before, the rest would be routed in vain
                    break;
                }
                route(order);
                sent++;
                last = order;
            }
        }
        if (sent > 0) {
            log.info("{} backordered order(s) routed again ({}: {})", sent, describe(scope), cause);
        }
        return sent;
    }

    private void route(WaitingBackorder order) {
        try {
            commands.sendAndWait(new RouteOrderCommand(order.orderId(), order.retailerId(), clock.instant()));
        } catch (RuntimeException e) {
            log.warn("order {} could not be routed again now: {}", order.orderId(), e.toString());
        }
    }

    private List<WaitingBackorder> waiting(Scope scope, WaitingBackorder after, int count) {
        var query = switch (scope) {
            case OfSupplier s -> new FindWaitingBackordersQuery(null, s.supplierId(), null, after, count);
            case OfRetailer r -> new FindWaitingBackordersQuery(r.retailerId(), null, null, after, count);
            case OfStock p -> new FindWaitingBackordersQuery(null, p.supplierId(), p.supplierSku(), after, count);
            case Everything e -> new FindWaitingBackordersQuery(null, null, null, after, count);
        };
        return queries.query(query, ResponseTypes.multipleInstancesOf(WaitingBackorder.class)).join();
    }

    /**
     * Whether the stock read model, which routing plans from, shows something available to promise. While it has not
     * taken the report that asked for the sweep, the scope is noted again for a moment later and false returned;
     * after {@link #VIEW_WAIT} routing is left to decide.
     */
    private boolean stockViewShowsAvailability(OfStock stock, String cause, Report report) {
        var view = availability(stock);
        if (report == null || view.filter(v -> v.reflects(report.sequence())).isPresent()) {
            return view.map(v -> v.available() > 0).orElse(true);
        }
        var now = clock.instant();
        var since = report.waitingSince() == null ? now : report.waitingSince();
        if (Duration.between(since, now).compareTo(VIEW_WAIT) >= 0) {
            return true;
        }
        synchronized (lock) {
            if (!pending.containsKey(Scope.EVERYTHING)) {
                pending.putIfAbsent(stock, cause);
                reported.merge(stock, new Report(report.sequence(), since),
                        (newer, waited) -> new Report(Math.max(newer.sequence(), waited.sequence()), since));
                scheduleSweep(VIEW_RETRY);
            }
        }
        return false;
    }

    private Optional<PositionAvailability> availability(OfStock stock) {
        return queries.query(new FindPositionAvailabilityQuery(stock.positionId()),
                ResponseTypes.optionalInstanceOf(PositionAvailability.class)).join();
    }

    private int available(OfStock stock) {
        return availability(stock).map(PositionAvailability::available).orElse(0);
    }

    private static String describe(Scope scope) {
        return switch (scope) {
            case OfSupplier s -> "supplier " + s.supplierId().value();
            case OfRetailer r -> "retailer " + r.retailerId().value();
            case OfStock p -> "stock " + p.positionId().value();
            case Everything e -> "every retailer";
        };
    }

    /**
     * Stops before Axon and the connection pool (the default phase stops first): a sweep finishes the order it is
     * routing, and what it has not routed yet is swept again at the next start.
     */
    @Override
    public void stop() {
        synchronized (lock) {
            running = false;
        }
        timer.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
