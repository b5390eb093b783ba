package io.orderflow.infra.connector;

import java.net.URI;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How to reach each supplier: its connector from the supplier directory (the Supplier aggregate's read model)
 * and its API secret from supplier_secret, which no event carries.
 */
@Component
public class SupplierRegistry {

    private final JdbcTemplate jdbc;

    SupplierRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SupplierConnection> connection(String supplierId) {
        return jdbc.query("""
                        SELECT s.supplier_id, s.connector_type, s.base_url, k.api_secret, s.shop_domain, s.api_version
                        FROM supplier s LEFT JOIN supplier_secret k ON k.supplier_id = s.supplier_id
                        WHERE s.supplier_id = ?""",
                (rs, i) -> new SupplierConnection(rs.getString(1), rs.getString(2),
                        rs.getString(3) == null ? null : URI.create(rs.getString(3)), rs.getString(4),
                        rs.getString(5), rs.getString(6)),
                supplierId).stream().findFirst();
    }
}
