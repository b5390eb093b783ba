package io.orderflow.infra.inventory;

import java.net.URI;
import java.sql.Array;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** What inventory sync needs to know about suppliers: the supplier directory, and API secrets from supplier_secret. */
@Component
class StockSuppliers {

    private final JdbcTemplate jdbc;

    StockSuppliers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record StockSupplier(String supplierId, String retailerId, Set<String> locationIds) {
    }

    /** The secret never leaves infra and is never logged. */
    record PartnerConnection(StockSupplier supplier, URI baseUrl, String apiSecret) {
        @Override
        public String toString() {
            return "PartnerConnection[" + supplier.supplierId() + ", " + baseUrl + "]";
        }
    }

    Optional<StockSupplier> find(String supplierId) {
        return jdbc.query("SELECT supplier_id, retailer_id, location_ids FROM supplier WHERE supplier_id = ?",
                (rs, i) -> new StockSupplier(rs.getString(1), rs.getString(2), strings(rs.getArray(3))),
                supplierId).stream().findFirst();
    }

    List<PartnerConnection> activePartners() {
        return jdbc.query("""
                SELECT s.supplier_id, s.retailer_id, s.location_ids, s.base_url, k.api_secret
                FROM supplier s JOIN supplier_secret k ON k.supplier_id = s.supplier_id
                WHERE s.active AND s.connector_type = 'PARTNER_REST' AND s.base_url IS NOT NULL
                    AND k.api_secret IS NOT NULL
                ORDER BY s.supplier_id""",
                (rs, i) -> new PartnerConnection(
                        new StockSupplier(rs.getString(1), rs.getString(2), strings(rs.getArray(3))),
                        URI.create(rs.getString(4)), rs.getString(5)));
    }

    /** Active Shopify stores; their connection comes from the supplier registry when they are read. */
    List<StockSupplier> activeShops() {
        return jdbc.query("""
                SELECT supplier_id, retailer_id, location_ids FROM supplier
                WHERE active AND connector_type = 'SHOPIFY' ORDER BY supplier_id""",
                (rs, i) -> new StockSupplier(rs.getString(1), rs.getString(2), strings(rs.getArray(3))));
    }

    private static Set<String> strings(Array array) throws SQLException {
        return array == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) array.getArray()));
    }
}
