package io.orderflow.projection.supplier;

import io.orderflow.coreapi.routing.RoutingPolicyPublishedEvent;
import io.orderflow.coreapi.shared.ChangeChannel;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierCatalogPublishedEvent;
import io.orderflow.coreapi.supplier.SupplierLocation;
import io.orderflow.coreapi.supplier.SupplierRegisteredEvent;

import java.time.Instant;
import java.util.List;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supplier directory: suppliers, their catalog in force and each retailer's routing policy, as routing and
 * the admin API read them. Runs in the processor's transaction; every row carries the version it holds, so a
 * redelivered or older event changes nothing. Secrets are not in events and so not here (supplier_secret).
 * Every change is announced on {@link ChangeChannel#SUPPLIER_DIRECTORY} when it commits: routing keeps the directory
 * in memory and reads it again then.
 */
@Component
@ProcessingGroup(SupplierDirectoryProjection.GROUP)
public class SupplierDirectoryProjection {

    public static final String GROUP = "supplier-directory";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcTemplate jdbc;

    public SupplierDirectoryProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    public void on(SupplierRegisteredEvent e, @Timestamp Instant at) {
        var connector = e.connector();
        jdbc.update("""
                INSERT INTO supplier (supplier_id, retailer_id, version, name, connector_type, base_url, shop_domain,
                    api_version, locations, location_ids, ships_to, handling_days, acceptance_sla_seconds,
                    daily_capacity, priority, active, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (supplier_id) DO UPDATE SET retailer_id = excluded.retailer_id, version = excluded.version,
                    name = excluded.name, connector_type = excluded.connector_type, base_url = excluded.base_url,
                    shop_domain = excluded.shop_domain, api_version = excluded.api_version,
                    locations = excluded.locations, location_ids = excluded.location_ids,
                    ships_to = excluded.ships_to, handling_days = excluded.handling_days,
                    acceptance_sla_seconds = excluded.acceptance_sla_seconds,
                    daily_capacity = excluded.daily_capacity, priority = excluded.priority, active = excluded.active,
                    updated_at = excluded.updated_at
                WHERE supplier.version < excluded.version""",
                e.supplierId().value(), e.retailerId().value(), e.version(), e.name(), connector.type(),
                connector.baseUrl(), connector.shopDomain(), connector.apiVersion(),
                JSON.writeValueAsString(e.locations()),
                e.locations().stream().map(SupplierLocation::locationId).toArray(String[]::new),
                e.shipsTo().stream().sorted().toArray(String[]::new), e.handlingDays(), e.acceptanceSla().toSeconds(),
                e.dailyCapacity(), e.priority(), e.active(), java.sql.Timestamp.from(at));
        announce(e.retailerId().value() + "/" + e.supplierId().value());
    }

    /** A catalog version replaces the previous one as a whole. */
    @EventHandler
    public void on(SupplierCatalogPublishedEvent e) {
        String supplierId = e.supplierId().value();
        int newer = jdbc.update("UPDATE supplier SET catalog_version = ? WHERE supplier_id = ? AND catalog_version < ?",
                e.version(), supplierId, e.version());
        if (newer == 0) {
            if (jdbc.queryForList("SELECT 1 FROM supplier WHERE supplier_id = ?", supplierId).isEmpty()) {
                throw new IllegalStateException("supplier " + supplierId + " is missing: its registration was never applied");
            }
            return;
        }
        jdbc.update("DELETE FROM supplier_catalog_item WHERE supplier_id = ?", supplierId);
        List<Object[]> rows = e.items().stream().map(item -> row(supplierId, item)).toList();
        jdbc.batchUpdate("""
                INSERT INTO supplier_catalog_item (supplier_id, sku, supplier_sku, variant_id, units_per_item, unit_cost,
                    currency)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", rows);
        announce(e.retailerId().value() + "/" + supplierId);
    }

    @EventHandler
    public void on(RoutingPolicyPublishedEvent e, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO routing_policy (retailer_id, version, max_suppliers_per_order, max_reroute_attempts,
                    unroutable, weights, published_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (retailer_id) DO UPDATE SET version = excluded.version,
                    max_suppliers_per_order = excluded.max_suppliers_per_order,
                    max_reroute_attempts = excluded.max_reroute_attempts, unroutable = excluded.unroutable,
                    weights = excluded.weights, published_at = excluded.published_at
                WHERE routing_policy.version < excluded.version""",
                e.retailerId().value(), e.version(), e.maxSuppliersPerOrder(), e.maxRerouteAttempts(),
                e.unroutable().name(), JSON.writeValueAsString(e.weights()), java.sql.Timestamp.from(at));
        announce(e.retailerId().value());
    }

    /** Only what history can rebuild: supplier secrets are kept. */
    @ResetHandler
    public void reset() {
        jdbc.update("DELETE FROM supplier_catalog_item");
        jdbc.update("DELETE FROM supplier");
        jdbc.update("DELETE FROM routing_policy");
        announce("*");
    }

    private void announce(String retailerId) {
        jdbc.query("SELECT pg_notify(?, ?)", rs -> null, ChangeChannel.SUPPLIER_DIRECTORY.name(), retailerId);
    }

    private static Object[] row(String supplierId, CatalogItem item) {
        return new Object[] {supplierId, item.sku().value(), item.supplierSku(), item.variantId(), item.unitsPerItem(),
                item.unitCost().amount(), item.unitCost().currency()};
    }
}
