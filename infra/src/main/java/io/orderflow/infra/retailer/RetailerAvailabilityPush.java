package io.orderflow.infra.retailer;

import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.StockPositionId;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.stock.FindPositionAvailabilityQuery;
import io.orderflow.coreapi.stock.FindStockAvailabilityQuery;
import io.orderflow.coreapi.stock.PositionAvailability;
import io.orderflow.coreapi.stock.StockAvailabilityView;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.CatalogSkus;
import io.orderflow.coreapi.supplier.FindCatalogSkusQuery;
import io.orderflow.coreapi.supplier.FindSupplierCatalogQuery;
import io.orderflow.coreapi.supplier.FindSuppliersQuery;
import io.orderflow.coreapi.supplier.SupplierCatalogView;
import io.orderflow.coreapi.supplier.SupplierListEntry;
import io.orderflow.infra.connector.SupplierCallException;
import io.orderflow.infra.connector.shopify.ShopifyStoreClient;
import io.orderflow.infra.kafka.ReactiveKafka;
import io.orderflow.infra.kafka.Topics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Pushes each changed retailer SKU's availability, debounced ({@code orderflow.retailer-store.availability-debounce},
 * 2 s): the sum over the retailer's active suppliers of what is available to promise (reported less reserved,
 * committed and safety stock, never below zero per position, in retailer items), published on
 * {@value Topics#AVAILABILITY} keyed by SKU, and set as "available" at the store's configured location
 * ({@code inventorySetQuantities}, through the shop's rate limit). A position is pushed only once the stock read model
 * reflects the change that was noted, so a push never shows a reservation undone; a push that fails is tried again
 * on the next round, and a value already pushed is not sent again.
 */
@Component
class RetailerAvailabilityPush implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RetailerAvailabilityPush.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final int BATCH = 100;
    private static final Duration NOT_IN_STORE_RECHECK = Duration.ofMinutes(10);

    private final JdbcTemplate jdbc;
    private final QueryGateway queries;
    private final RetailerStoreLinks links;
    private final ShopifyStoreClient client;
    private final ReactiveKafka kafka;
    private final Topics topics;
    private final Clock clock;
    private final Duration debounce;
    private ScheduledExecutorService executor;

    RetailerAvailabilityPush(JdbcTemplate jdbc, QueryGateway queries, RetailerStoreLinks links,
                             ShopifyStoreClient client, ReactiveKafka kafka, Topics topics, Clock clock,
                             @Value("${orderflow.retailer-store.availability-debounce:PT2S}") Duration debounce) {
        this.jdbc = jdbc;
        this.queries = queries;
        this.links = links;
        this.client = client;
        this.kafka = kafka;
        this.topics = topics;
        this.clock = clock;
        this.debounce = debounce;
    }

    /** Started with the application's lifecycle, and stopped before Axon's query handlers are. */
    @Override
    public synchronized void start() {
        if (debounce.isZero() || debounce.isNegative() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("retailer-availability").factory());
        executor.scheduleWithFixedDelay(this::pushSafely, debounce.toMillis(), Math.max(200, debounce.toMillis() / 2),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private void pushSafely() {
        try {
            pushDue();
        } catch (RuntimeException e) {
            if (!Thread.currentThread().isInterrupted() && isRunning()) {
                log.warn("Pushing availability failed; tried again shortly: {}", e.toString());
            }
        }
    }

    private record Pending(String retailerId, String positionId, long sequence) {
    }

    /** One round: every retailer with changes older than the debounce interval. */
    void pushDue() {
        var due = jdbc.query("""
                        SELECT retailer_id, position_id, sequence FROM retailer_availability_pending
                        WHERE since <= ? ORDER BY since LIMIT 1000""",
                (rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getLong(3)),
                now().minus(debounce));
        due.stream().collect(Collectors.groupingBy(Pending::retailerId, LinkedHashMap::new, Collectors.toList()))
                .forEach(this::push);
    }

    private void push(String retailerId, List<Pending> pending) {
        var retailer = new RetailerId(retailerId);
        var ready = pending.stream().filter(this::reflected).toList();
        if (ready.isEmpty()) {
            return;
        }
        var catalogs = new HashMap<String, List<CatalogItem>>();
        var skus = new TreeSet<String>();
        for (var change : ready) {
            if (change.positionId().equals(RetailerAvailabilityChanges.EVERY_CATALOG)) {
                var all = query(new FindCatalogSkusQuery(retailer, List.of()), ResponseTypes.instanceOf(CatalogSkus.class));
                skus.addAll(all == null ? List.of() : all.skus());
            } else if (change.positionId().startsWith(RetailerAvailabilityChanges.CATALOG)) {
                catalog(retailer, change.positionId().substring(RetailerAvailabilityChanges.CATALOG.length()), catalogs)
                        .forEach(item -> skus.add(item.sku().value()));
            } else {
                var parts = change.positionId().split("/", 3);
                if (parts.length == 3) {
                    catalog(retailer, parts[0], catalogs).stream().filter(item -> parts[2].equals(item.supplierSku()))
                            .forEach(item -> skus.add(item.sku().value()));
                }
            }
        }
        var active = suppliers(retailer).stream().filter(SupplierListEntry::active).map(SupplierListEntry::supplierId)
                .collect(Collectors.toSet());
        var store = links.store(retailerId).filter(s -> s.locationId() != null);
        var changed = new LinkedHashMap<String, Integer>();
        var last = lastPushed(retailerId);
        for (String sku : skus) {
            int available = availableToPromise(retailer, sku, active);
            var before = last.get(sku);
            if (before == null || before.available() != available || (store.isPresent() && !before.storeSet())) {
                changed.put(sku, available);
            }
        }
        boolean storeSet = store.isPresent() && setInStore(store.get(), changed);
        topics.ensureCreated();
        var asOf = clock.instant();
        for (var entry : changed.entrySet()) {
            var before = last.get(entry.getKey());
            if (before == null || before.available() != entry.getValue()) {
                publish(retailerId, entry.getKey(), entry.getValue(), asOf);
            }
            jdbc.update("""
                    INSERT INTO retailer_availability_pushed (retailer_id, sku, available, store_set, pushed_at)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT (retailer_id, sku) DO UPDATE
                    SET available = excluded.available, store_set = excluded.store_set, pushed_at = excluded.pushed_at""",
                    retailerId, entry.getKey(), entry.getValue(), storeSet, now());
        }
        for (var change : ready) {
            jdbc.update("DELETE FROM retailer_availability_pending WHERE retailer_id = ? AND position_id = ?"
                    + " AND sequence <= ?", retailerId, change.positionId(), change.sequence());
        }
    }

    /** Whether the stock read model has applied the position's change that was noted. */
    private boolean reflected(Pending change) {
        if (change.positionId().startsWith(RetailerAvailabilityChanges.CATALOG)) {
            return true;
        }
        var seen = query(new FindPositionAvailabilityQuery(new StockPositionId(change.positionId())),
                ResponseTypes.instanceOf(PositionAvailability.class));
        return seen != null && seen.reflects(change.sequence());
    }

    private List<CatalogItem> catalog(RetailerId retailer, String supplierId, Map<String, List<CatalogItem>> catalogs) {
        return catalogs.computeIfAbsent(supplierId, id -> Optional.ofNullable(query(
                        new FindSupplierCatalogQuery(new SupplierId(id), retailer),
                        ResponseTypes.instanceOf(SupplierCatalogView.class)))
                .map(SupplierCatalogView::items).orElse(List.of()));
    }

    private List<SupplierListEntry> suppliers(RetailerId retailer) {
        var all = query(new FindSuppliersQuery(retailer), ResponseTypes.multipleInstancesOf(SupplierListEntry.class));
        return all == null ? List.of() : all;
    }

    /** Whole retailer items per position, never below zero: a position short of its promises takes nothing away. */
    int availableToPromise(RetailerId retailer, String sku, Set<String> activeSuppliers) {
        var positions = query(new FindStockAvailabilityQuery(retailer, sku, 1000, 0),
                ResponseTypes.multipleInstancesOf(StockAvailabilityView.class));
        int sum = 0;
        for (var position : positions == null ? List.<StockAvailabilityView>of() : positions) {
            if (activeSuppliers.contains(position.supplierId()) && position.available() > 0) {
                int units = position.unitsPerItem() == null || position.unitsPerItem() < 1 ? 1 : position.unitsPerItem();
                sum += position.available() / units;
            }
        }
        return sum;
    }

    private record Pushed(int available, boolean storeSet) {
    }

    private Map<String, Pushed> lastPushed(String retailerId) {
        var pushed = new HashMap<String, Pushed>();
        jdbc.query("SELECT sku, available, store_set FROM retailer_availability_pushed WHERE retailer_id = ?",
                rs -> {
                    pushed.put(rs.getString(1), new Pushed(rs.getInt(2), rs.getBoolean(3)));
                }, retailerId);
        return pushed;
    }

    /**
     * Sets the quantities of the SKUs the store sells; answers false when the store refused (the next change tries
     * again), and throws when it could not be reached (this round is tried again).
     */
    private boolean setInStore(RetailerStoreLinks.Store store, Map<String, Integer> available) {
        var byItem = new LinkedHashMap<String, Integer>();
        available.forEach((sku, quantity) -> inventoryItem(store, sku).ifPresent(item -> byItem.put(item, quantity)));
        var items = new ArrayList<>(byItem.entrySet());
        try {
            for (int from = 0; from < items.size(); from += BATCH) {
                var batch = new LinkedHashMap<String, Integer>();
                items.subList(from, Math.min(items.size(), from + BATCH)).forEach(e -> batch.put(e.getKey(), e.getValue()));
                client.setAvailable(store.connection(), store.locationId(), batch, "availability-" + store.retailerId());
            }
            return true;
        } catch (SupplierCallException refused) {
            if (refused.isTransient()) {
                throw refused;
            }
            log.warn("Retailer {}'s store refused an availability push: {}", store.retailerId(), refused.getMessage());
            return false;
        }
    }

    /** The store's inventory item of a SKU, asked once (a SKU the store does not sell is asked again later). */
    private Optional<String> inventoryItem(RetailerStoreLinks.Store store, String sku) {
        var known = jdbc.query("""
                        SELECT inventory_item_id, looked_up_at FROM retailer_store_inventory_item
                        WHERE retailer_id = ? AND sku = ?""",
                (rs, n) -> new Object[] {rs.getString(1), rs.getObject(2, OffsetDateTime.class)},
                store.retailerId(), sku).stream().findFirst();
        if (known.isPresent() && (known.get()[0] != null
                || ((OffsetDateTime) known.get()[1]).toInstant().isAfter(clock.instant().minus(NOT_IN_STORE_RECHECK)))) {
            return Optional.ofNullable((String) known.get()[0]);
        }
        var item = client.inventoryItemOf(store.connection(), sku, "availability-" + store.retailerId());
        jdbc.update("""
                INSERT INTO retailer_store_inventory_item (retailer_id, sku, inventory_item_id, looked_up_at)
                VALUES (?, ?, ?, ?) ON CONFLICT (retailer_id, sku) DO UPDATE
                SET inventory_item_id = excluded.inventory_item_id, looked_up_at = excluded.looked_up_at""",
                store.retailerId(), sku, item.orElse(null), now());
        return item;
    }

    private void publish(String retailerId, String sku, int available, Instant asOf) {
        var value = new LinkedHashMap<String, Object>();
        value.put("retailerId", retailerId);
        value.put("sku", sku);
        value.put("available", available);
        value.put("asOf", asOf.toString());
        kafka.send(Topics.AVAILABILITY, sku, JSON.writeValueAsBytes(value),
                        Map.of("orderflow-retailer-id", retailerId, "content-type", "application/json"))
                .block(QUERY_TIMEOUT);
    }

    private <R> R query(Object query, org.axonframework.messaging.responsetypes.ResponseType<R> type) {
        try {
            return queries.query(query, type).get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("query " + query.getClass().getSimpleName() + " failed: " + e, e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
