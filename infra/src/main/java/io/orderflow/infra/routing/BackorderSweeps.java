package io.orderflow.infra.routing;

import io.orderflow.coreapi.order.OrderId;
import io.orderflow.coreapi.order.RouteOrderCommand;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.StockPositionId;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.infra.cluster.NodeRole;
import io.orderflow.infra.cluster.NodeRoles;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Routes backordered orders again when something that made a supplier ineligible has cleared: stock is reported
 * for a SKU ({@link BackorderStockTriggers}), a supplier's circuit closes or half-opens, the supplier directory
 * changes (a supplier reactivated or changed, a catalog or routing policy published), a new UTC day resets daily
 * capacities, and the service starts (circuits start closed, and a request noted before a crash is not lost with
 * it).
 *
 * <p>A request names a scope (one supplier, one retailer, everything) and is only noted: one worker runs the sweeps
 * after a short quiet period ({@code orderflow.backorders.sweep-delay}, 500 ms), so a burst of causes (a replayed
 * directory, a flapping circuit) is one sweep per scope, and an "everything" request absorbs the others. A sweep
 * sends one RouteOrderCommand per waiting order, oldest first, one at a time, at most
 * {@code orderflow.backorders.sweep-limit} (1,000) orders; routing decides whether the order can go now, and one that
 * cannot stays backordered without a new event. Every node sweeps for its own causes; a second route of an order
 * finds nothing left to route.
 */
@Component
public class BackorderSweeps implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackorderSweeps.class);

    private final boolean sweeps;
    private static final int PAGE = 100;
    private static final Duration VIEW_WAIT = Duration.ofSeconds(5);
    private static final Duration VIEW_POLL = Duration.ofMillis(50);

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

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration delay;
    private final int limit;
    /** Scope to the causes asked for it, in order of request. */
    private final Map<Scope, String> pending = new LinkedHashMap<>();
    /** For a stock scope: the sequence of the latest report, which the stock view must show before the sweep. */
    private final Map<Scope, Long> reported = new HashMap<>();
    private volatile boolean running;
    private volatile Thread worker;
    private LocalDate today;

    public BackorderSweeps(CommandGateway commands, JdbcTemplate jdbc, Clock clock, NodeRoles roles,
                    @Value("${orderflow.backorders.sweep-delay:500ms}") Duration delay,
                    @Value("${orderflow.backorders.sweep-limit:1000}") int limit) {
        this.sweeps = roles.has(NodeRole.SAGA);
        this.commands = commands;
        this.jdbc = jdbc;
        this.clock = clock;
        this.delay = delay;
        this.limit = limit;
    }

    /** Notes that the backorders in {@code scope} may be routable now, because of {@code cause}; returns at once. */
    public void request(Scope scope, String cause) {
        synchronized (pending) {
            if (pending.containsKey(Scope.EVERYTHING)) {
                return;
            }
            if (scope instanceof Everything) {
                pending.clear();
                reported.clear();
            }
            pending.putIfAbsent(scope, cause);
            pending.notifyAll();
        }
    }

    /** Stock was reported (event {@code sequence} of the position): the orders waiting for it may go now. */
    public void stockReported(OfStock scope, long sequence) {
        synchronized (pending) {
            if (pending.containsKey(Scope.EVERYTHING)) {
                return;
            }
            reported.merge(scope, sequence, Math::max);
            pending.putIfAbsent(scope, "stock reported");
            pending.notifyAll();
        }
    }

    /** Sweeping is the saga role's work; elsewhere requests are noted and never swept. */
    @Override
    public boolean isAutoStartup() {
        return sweeps;
    }

    @Override
    public void start() {
        running = true;
        today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        request(Scope.EVERYTHING, "start-up");
        worker = Thread.ofVirtual().name("backorder-sweeps").start(this::work);
    }

    private void work() {
        while (running) {
            try {
                Map<Scope, String> due = next();
                for (var sweep : due.entrySet()) {
                    if (!running) {
                        return;
                    }
                    sweep(sweep.getKey(), sweep.getValue());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("backorder sweep failed, next cause will sweep again: {}", e.toString());
            }
        }
    }

    /** Waits for a request (or a new UTC day), then for the quiet period, and takes everything requested. */
    private Map<Scope, String> next() throws InterruptedException {
        synchronized (pending) {
            newDay();
            while (running && pending.isEmpty()) {
                pending.wait(Math.max(1, Math.min(1_000, untilTomorrow().toMillis())));
                newDay();
            }
        }
        Thread.sleep(delay);
        synchronized (pending) {
            var due = new LinkedHashMap<>(pending);
            pending.clear();
            due.keySet().forEach(scope -> {
                Long sequence = reported.remove(scope);
                if (sequence != null) {
                    sequenceDue.put(scope, sequence);
                }
            });
            return due;
        }
    }

    /** Sequences taken with the sweeps due now; only the worker touches it. */
    private final Map<Scope, Long> sequenceDue = new HashMap<>();

    private void newDay() {
        var now = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!now.equals(today)) {
            today = now;
            pending.clear();
            reported.clear();
            pending.put(Scope.EVERYTHING, "daily capacities reset on " + now);
        }
    }

    private Duration untilTomorrow() {
        var now = clock.instant();
        var midnight = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Duration.between(now, midnight);
    }

    /** Routes the waiting orders of the scope, oldest first; returns how many route commands it sent. */
    int sweep(Scope scope, String cause) throws InterruptedException {
        Long sequence = sequenceDue.remove(scope);
        if (scope instanceof OfStock stock && !stockViewShowsAvailability(stock, sequence)) {
            return 0;
        }
        int sent = 0;
        Instant since = Instant.EPOCH;
        String after = "";
        boolean more = true;
        while (more && running && sent < limit) {
            var page = waiting(scope, since, after, Math.min(PAGE, limit - sent));
            more = page.size() == PAGE;
            for (var order : page) {
                if (!running || (scope instanceof OfStock stock && sent > 0 && available(stock) <= 0)) {
                    more = false; // for stock: taken by the orders before, the rest would be routed in vain
                    break;
                }
                route(order);
                sent++;
                since = order.since();
                after = order.orderId();
            }
        }
        if (sent > 0) {
            log.info("{} backordered order(s) routed again ({}: {})", sent, describe(scope), cause);
        }
        return sent;
    }

    private void route(Waiting order) {
        try {
            commands.sendAndWait(new RouteOrderCommand(new OrderId(order.orderId()), new RetailerId(order.retailerId()),
                    clock.instant()));
        } catch (RuntimeException e) {
            log.warn("order {} could not be routed again now: {}", order.orderId(), e.toString());
        }
    }

    private record Waiting(String orderId, String retailerId, Instant since) {
    }

    private List<Waiting> waiting(Scope scope, Instant since, String after, int count) {
        var sql = new StringBuilder("SELECT b.order_id, b.retailer_id, min(b.backordered_at) AS since FROM backordered_line b ");
        var args = new ArrayList<Object>();
        switch (scope) {
            case OfSupplier s -> {
                // only the lines whose SKU this supplier lists, for its own retailer
                sql.append("JOIN supplier s ON s.retailer_id = b.retailer_id AND s.supplier_id = ? WHERE EXISTS ")
                        .append("(SELECT 1 FROM supplier_catalog_item c WHERE c.supplier_id = s.supplier_id ")
                        .append("AND c.sku = b.sku) ");
                args.add(s.supplierId().value());
            }
            case OfRetailer r -> {
                sql.append("WHERE b.retailer_id = ? ");
                args.add(r.retailerId().value());
            }
            case OfStock p -> {
                sql.append("JOIN supplier s ON s.retailer_id = b.retailer_id AND s.supplier_id = ? WHERE EXISTS ")
                        .append("(SELECT 1 FROM supplier_catalog_item c WHERE c.supplier_id = s.supplier_id ")
                        .append("AND c.sku = b.sku AND c.supplier_sku = ?) ");
                args.add(p.supplierId().value());
                args.add(p.supplierSku());
            }
            case Everything e -> {
            }
        }
        sql.append("GROUP BY b.order_id, b.retailer_id HAVING (min(b.backordered_at), b.order_id) > (?, ?) ")
                .append("ORDER BY since, b.order_id LIMIT ?");
        args.add(Timestamp.from(since));
        args.add(after);
        args.add(count);
        return jdbc.query(sql.toString(), (rs, i) -> new Waiting(rs.getString(1), rs.getString(2),
                rs.getTimestamp(3).toInstant()), args.toArray());
    }

    /**
     * Routing plans from the stock read model, which may not have taken the report yet: waits (briefly) until it
     * has, and skips the sweep when nothing is available to promise after all.
     */
    private boolean stockViewShowsAvailability(OfStock stock, Long sequence) throws InterruptedException {
        long deadline = System.nanoTime() + VIEW_WAIT.toNanos();
        while (running) {
            var rows = jdbc.query("SELECT available, last_sequence FROM stock_availability WHERE position_id = ?",
                    (rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}, stock.positionId().value());
            if (!rows.isEmpty() && (sequence == null || rows.getFirst()[1] >= sequence)) {
                return rows.getFirst()[0] > 0;
            }
            if (System.nanoTime() > deadline) {
                return true;
            }
            Thread.sleep(VIEW_POLL);
        }
        return false;
    }

    private int available(OfStock stock) {
        var rows = jdbc.queryForList("SELECT available FROM stock_availability WHERE position_id = ?", Integer.class,
                stock.positionId().value());
        return rows.isEmpty() || rows.getFirst() == null ? 0 : rows.getFirst();
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
        running = false;
        synchronized (pending) {
            pending.notifyAll();
        }
        var current = worker;
        if (current != null) {
            try {
                current.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
