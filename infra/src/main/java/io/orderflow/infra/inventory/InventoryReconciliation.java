package io.orderflow.infra.inventory;

import io.orderflow.coreapi.stock.FindPositionAvailabilityQuery;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.stock.PositionAvailability;
import io.orderflow.coreapi.stock.StockUpdateOutcome;
import io.orderflow.infra.inventory.StockSuppliers.StockSupplier;
import io.orderflow.infra.connector.shopify.ShopifyInventoryItems;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code orderflow.inventory.reconciliation-interval} (default 10 minutes; zero or negative switches it
 * off) asks each active partner-REST supplier ({@code GET /inventory}) and Shopify store (variants' inventory levels,
 * {@code available}) for its levels, reports them to the StockPositions (the ones
 * older than what a position holds are ignored there) and records drift: every level where the supplier's
 * figure differs from what we believed.
 *
 * <p>Every node ticks, but a run starts only on the node that wins the lease row with one conditional UPDATE, so
 * the cluster reconciles once per interval; a node that dies mid-run leaves a lease that simply expires. This
 * needs no extra scheduler and no connection held for the run's length. The db-scheduler instance would do the
 * same, but its recurring tasks must be registered where it is built (the Axon deadline wiring), and an
 * advisory lock alone would let N nodes run N times per interval.
 */
@Component
public class InventoryReconciliation implements SmartLifecycle {

    static final String LEASE = "partner-inventory";
    private static final Logger log = LoggerFactory.getLogger(InventoryReconciliation.class);

    private final StockSuppliers suppliers;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PartnerInventoryClient client;
    private final ShopifyInventoryItems shopify;
    private final StockMessages messages;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Duration interval;
    private final String node = "node-" + UUID.randomUUID();
    private volatile ScheduledExecutorService timer;

    InventoryReconciliation(StockSuppliers suppliers, PartnerInventoryClient client, ShopifyInventoryItems shopify,
                            StockMessages messages,
                            CommandGateway commands, QueryGateway queries, JdbcTemplate jdbc, Clock clock,
                            @Value("${orderflow.inventory.reconciliation-interval:PT10M}") Duration interval) {
        this.suppliers = suppliers;
        this.client = client;
        this.shopify = shopify;
        this.messages = messages;
        this.commands = commands;
        this.queries = queries;
        this.jdbc = jdbc;
        this.clock = clock;
        this.interval = interval;
    }

    public record Result(int suppliers, int failedSuppliers, int levels, int applied, int refused, int drifted) {
    }

    private static final class Tally {
        int suppliers;
        int failedSuppliers;
        int levels;
        int applied;
        int refused;
        int drifted;

        Result result() {
            return new Result(suppliers, failedSuppliers, levels, applied, refused, drifted);
        }
    }

    /** Reconciles every active partner-REST supplier and Shopify store now, on this node, lease or not. */
    public Result reconcile() {
        return reconcile(supplierId -> true);
    }

    /** Reconciles one supplier now, if it is an active partner-REST supplier or Shopify store. */
    public Result reconcile(String supplierId) {
        return reconcile(supplierId::equals);
    }

    private Result reconcile(Predicate<String> which) {
        var tally = new Tally();
        var correlationId = "reconciliation:" + UUID.randomUUID();
        for (var partner : suppliers.activePartners()) {
            reconcile(partner.supplier(), which, tally, correlationId, () -> {
                JsonNode levels = client.levels(partner, correlationId).path("levels");
                if (!levels.isArray()) {
                    throw new IllegalStateException("supplier " + partner.supplier().supplierId()
                            + " answered GET /inventory without levels");
                }
                return levels;
            });
        }
        for (var shop : suppliers.activeShops()) {
            reconcile(shop, which, tally, correlationId, () -> shopLevels(shop.supplierId(), correlationId));
        }
        var result = tally.result();
        log.info("stock reconciliation {}: {}", correlationId, result);
        return result;
    }

    private void reconcile(StockSupplier supplier, Predicate<String> which, Tally tally, String correlationId,
                           Supplier<JsonNode> levels) {
        if (!which.test(supplier.supplierId())) {
            return;
        }
        tally.suppliers++;
        try {
            reconcile(supplier, levels.get(), tally, correlationId);
        } catch (RuntimeException e) {
            tally.failedSuppliers++;
            log.warn("stock reconciliation of supplier {} failed: {}", supplier.supplierId(), e.toString());
        }
    }

    /** A Shopify store's {@code available} quantities, in the partner API's shape {supplierSku, locationId, ...}. */
    private JsonNode shopLevels(String supplierId, String correlationId) {
        var levels = JSON.createArrayNode();
        for (var level : shopify.levels(supplierId, correlationId)) {
            var node = levels.addObject();
            node.put("supplierSku", level.sku());
            node.put("locationId", level.locationId());
            node.put("available", level.available());
            if (level.updatedAt() != null) {
                node.put("asOf", level.updatedAt());
            }
        }
        return levels;
    }

    private void reconcile(StockSupplier supplier, JsonNode levels, Tally tally, String correlationId) {
        var supplierId = supplier.supplierId();
        var checkedAt = clock.instant().atOffset(ZoneOffset.UTC);
        for (JsonNode level : levels) {
            tally.levels++;
            var parsed = messages.level(supplier, level, null);
            if (!parsed.ok()) {
                tally.refused++;
                log.warn("stock reconciliation of supplier {}: level refused: {}", supplierId, parsed.problem());
                continue;
            }
            var command = parsed.command();
            var ours = reported(command.positionId());
            StockUpdateOutcome outcome;
            try {
                outcome = commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(Map.of("correlationId", correlationId, "actor", "reconciliation")));
            } catch (IllegalArgumentException refused) {
                tally.refused++;
                log.warn("stock reconciliation of supplier {}: {} refused: {}", supplierId, command.positionId(),
                        refused.getMessage());
                continue;
            }
            if (outcome == StockUpdateOutcome.APPLIED) {
                tally.applied++;
            }
            if (ours == null || ours != command.available()) {
                tally.drifted++;
                log.info("stock drift at {}: we had {}, supplier says {} as of {} ({})", command.positionId(),
                        ours == null ? "nothing" : ours, command.available(), command.asOf(), outcome);
                jdbc.update("""
                        INSERT INTO stock_drift (checked_at, retailer_id, supplier_id, location_id, supplier_sku, ours,
                            theirs, their_as_of, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                        checkedAt, command.retailerId().value(), supplierId, command.locationId(),
                        command.supplierSku(), ours, command.available(), command.asOf().atOffset(ZoneOffset.UTC),
                        outcome.name());
            }
        }
    }

    /** What the read model holds as the supplier's last report, or null where it knows no such position. */
    private Integer reported(StockPositionId position) {
        return queries.query(new FindPositionAvailabilityQuery(position),
                        ResponseTypes.optionalInstanceOf(PositionAvailability.class))
                .orTimeout(10, TimeUnit.SECONDS).join().map(PositionAvailability::reported).orElse(null);
    }

    /** The lease is taken for a little less than an interval, so that timer jitter never skips a whole period. */
    void reconcileIfDue() {
        try {
            long leaseMillis = interval.toMillis() * 9 / 10;
            int won = jdbc.update("""
                    UPDATE inventory_reconciliation_lease SET started_at = now(), finished_at = NULL, node = ?
                    WHERE name = ? AND started_at <= now() - make_interval(secs => ?)""",
                    node, LEASE, leaseMillis / 1000.0);
            if (won == 0) {
                return;
            }
            try {
                reconcile();
            } finally {
                jdbc.update("UPDATE inventory_reconciliation_lease SET finished_at = now() WHERE name = ? AND node = ?",
                        LEASE, node);
            }
        } catch (RuntimeException e) {
            log.warn("stock reconciliation could not run: {}", e.toString());
        }
    }

    @Override
    public void start() {
        if (interval.isZero() || interval.isNegative()) {
            log.info("stock reconciliation is off");
            return;
        }
        var executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("inventory-reconciliation").factory());
        long first = interval.toMillis() + ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis() / 10));
        executor.scheduleWithFixedDelay(this::reconcileIfDue, first, interval.toMillis(), TimeUnit.MILLISECONDS);
        timer = executor;
    }

    @Override
    public void stop() {
        var current = timer;
        if (current != null) {
            current.shutdownNow();
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
