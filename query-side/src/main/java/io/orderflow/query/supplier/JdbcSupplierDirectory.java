package io.orderflow.query.supplier;

import io.orderflow.command.port.SupplierDirectory;
import io.orderflow.command.port.SupplierOffer;
import io.orderflow.coreapi.shared.Money;
import io.orderflow.coreapi.shared.RetailerId;
import io.orderflow.coreapi.shared.Sku;
import io.orderflow.coreapi.shared.SupplierId;
import io.orderflow.coreapi.supplier.CatalogItem;
import io.orderflow.coreapi.supplier.SupplierLocation;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Routing's view of a retailer's suppliers, from the supplier-directory read model. */
@Component
class JdbcSupplierDirectory implements SupplierDirectory {

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final JdbcTemplate jdbc;

    JdbcSupplierDirectory(JdbcTemplate jdbc, DirectoryChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /**
     * Every routing reads the retailer's whole directory (every catalog item), and it changes only when a supplier,
     * catalog or policy is published: it is kept per retailer until the directory announces a change.
     */
    private record Cached(long generation, List<SupplierOffer> offers) {
    }

    private final DirectoryChanges changes;
    private final Map<RetailerId, Cached> cache = new ConcurrentHashMap<>();

    @Override
    public List<SupplierOffer> suppliersOf(RetailerId retailer) {
        long generation = changes.generation();
        Cached cached = cache.get(retailer);
        if (cached != null && generation >= 0 && cached.generation() == generation) {
            return cached.offers();
        }
        var offers = List.copyOf(read(retailer));
        if (generation >= 0) {
            if (cache.size() > 1_000) {
                cache.clear();
            }
            cache.put(retailer, new Cached(generation, offers));
        }
        return offers;
    }

    private List<SupplierOffer> read(RetailerId retailer) {
        Map<String, Map<Sku, CatalogItem>> catalogs = new HashMap<>();
        jdbc.query("""
                SELECT c.supplier_id, c.sku, c.supplier_sku, c.variant_id, c.units_per_item, c.unit_cost, c.currency
                FROM supplier_catalog_item c JOIN supplier s ON s.supplier_id = c.supplier_id
                WHERE s.retailer_id = ?""",
                rs -> {
                    var sku = new Sku(rs.getString(2));
                    catalogs.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(sku, new CatalogItem(sku,
                            rs.getString(3), rs.getString(4), rs.getInt(5), new Money(rs.getBigDecimal(6), rs.getString(7))));
                }, retailer.value());
        return jdbc.query("""
                SELECT supplier_id, active, priority, ships_to, acceptance_sla_seconds, handling_days, daily_capacity,
                       locations::text, location_ids, catalog_version
                FROM supplier WHERE retailer_id = ? ORDER BY supplier_id""",
                (rs, i) -> new SupplierOffer(new SupplierId(rs.getString(1)), rs.getBoolean(2), rs.getInt(3),
                        new HashSet<>(strings(rs.getArray(4))), Duration.ofSeconds(rs.getLong(5)), rs.getInt(6),
                        rs.getInt(7), locations(rs.getString(8), strings(rs.getArray(9))),
                        catalogs.getOrDefault(rs.getString(1), Map.of()), rs.getInt(10)),
                retailer.value());
    }

    /** Rows written before locations carried coordinates only have their ids. */
    private static List<SupplierLocation> locations(String json, List<String> ids) {
        List<SupplierLocation> locations = json == null ? List.of()
                : JSON.readValue(json, new TypeReference<List<SupplierLocation>>() { });
        if (!locations.isEmpty()) {
            return locations;
        }
        return ids.stream().map(id -> new SupplierLocation(id, null, null, null, null)).toList();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
