package io.orderflow.infra.supplier;

import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.command.port.SupplierOffer;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;

import java.math.BigDecimal;
import java.net.URI;
import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Suppliers, their connections and catalogs, in the supplier tables. Until the Supplier aggregate
 * arrives this table is the source of truth, written by {@link #register}.
 */
@Component
public class SupplierRegistry implements SupplierDirectory {

    private final JdbcTemplate jdbc;

    SupplierRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Registration(String supplierId, String retailerId, String name, String connectorType, URI baseUrl,
                               String apiSecret, List<String> webhookSecrets, List<String> shipsTo,
                               List<String> locationIds, int priority, Duration acceptanceSla, boolean active,
                               List<CatalogItem> catalog) {
    }

    public record CatalogItem(String sku, String supplierSku, int unitsPerItem, BigDecimal unitCost, String currency) {
    }

    @Transactional
    public void register(Registration r) {
        jdbc.update("""
                INSERT INTO supplier (supplier_id, retailer_id, name, connector_type, base_url, api_secret,
                    webhook_secrets, ships_to, location_ids, priority, acceptance_sla_seconds, active)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (supplier_id) DO UPDATE SET retailer_id = excluded.retailer_id, name = excluded.name,
                    connector_type = excluded.connector_type, base_url = excluded.base_url,
                    api_secret = excluded.api_secret, webhook_secrets = excluded.webhook_secrets,
                    ships_to = excluded.ships_to, location_ids = excluded.location_ids, priority = excluded.priority,
                    acceptance_sla_seconds = excluded.acceptance_sla_seconds, active = excluded.active""",
                r.supplierId(), r.retailerId(), r.name(), r.connectorType(), r.baseUrl().toString(), r.apiSecret(),
                r.webhookSecrets().toArray(String[]::new), r.shipsTo().toArray(String[]::new),
                r.locationIds().toArray(String[]::new), r.priority(), r.acceptanceSla().toSeconds(), r.active());
        jdbc.update("DELETE FROM supplier_catalog_item WHERE supplier_id = ?", r.supplierId());
        for (var item : r.catalog()) {
            jdbc.update("""
                    INSERT INTO supplier_catalog_item (supplier_id, sku, supplier_sku, units_per_item, unit_cost, currency)
                    VALUES (?, ?, ?, ?, ?, ?)""",
                    r.supplierId(), item.sku(), item.supplierSku(), item.unitsPerItem(), item.unitCost(), item.currency());
        }
    }

    @Override
    public List<SupplierOffer> suppliersOf(RetailerId retailer) {
        Map<String, Map<Sku, SupplierOffer.CatalogEntry>> catalogs = new HashMap<>();
        jdbc.query("""
                SELECT c.supplier_id, c.sku, c.supplier_sku, c.units_per_item FROM supplier_catalog_item c
                JOIN supplier s ON s.supplier_id = c.supplier_id WHERE s.retailer_id = ?""",
                rs -> {
                    catalogs.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .put(new Sku(rs.getString(2)), new SupplierOffer.CatalogEntry(rs.getString(3), rs.getInt(4)));
                }, retailer.value());
        return jdbc.query("""
                SELECT supplier_id, active, priority, ships_to, acceptance_sla_seconds, location_ids
                FROM supplier WHERE retailer_id = ? ORDER BY supplier_id""",
                (rs, i) -> new SupplierOffer(new SupplierId(rs.getString(1)), rs.getBoolean(2), rs.getInt(3),
                        new HashSet<>(strings(rs.getArray(4))), Duration.ofSeconds(rs.getLong(5)),
                        strings(rs.getArray(6)), catalogs.getOrDefault(rs.getString(1), Map.of())),
                retailer.value());
    }

    Optional<SupplierConnection> connection(String supplierId) {
        return jdbc.query("SELECT supplier_id, connector_type, base_url, api_secret FROM supplier WHERE supplier_id = ?",
                (rs, i) -> new SupplierConnection(rs.getString(1), rs.getString(2), URI.create(rs.getString(3)),
                        rs.getString(4)), supplierId).stream().findFirst();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
