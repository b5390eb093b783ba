package io.orderflow.infra.retailer;

import io.orderflow.infra.connector.SupplierConnection;
import io.orderflow.infra.privacy.SupplierSecretSealer;

import java.net.URI;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Blocking reads for the processors that write back to a retailer's store: its connection, and an order's link. */
@Component
class RetailerStoreLinks {

    static final String ORDER_GID = "gid://shopify/Order/";
    static final String LINE_ITEM_GID = "gid://shopify/LineItem/";

    record Store(String retailerId, SupplierConnection connection, String locationId, boolean refundCancelledLines,
                 boolean shopifyNotifiesCustomer) {
    }

    record Link(String orderId, String shopOrderGid, Store store) {
    }

    private final JdbcTemplate jdbc;
    private final SupplierSecretSealer sealer;

    RetailerStoreLinks(JdbcTemplate jdbc, SupplierSecretSealer sealer) {
        this.jdbc = jdbc;
        this.sealer = sealer;
    }

    Optional<Store> store(String retailerId) {
        return jdbc.query("""
                        SELECT shop_domain, base_url, api_version, access_token, location_id, cancelled_lines,
                               customer_notifications FROM retailer_store WHERE retailer_id = ?""",
                (rs, n) -> new Store(retailerId, new SupplierConnection("retailer-store:" + retailerId, "SHOPIFY",
                        rs.getString("base_url") == null ? null : URI.create(rs.getString("base_url")),
                        sealer.openUnder(R2dbcRetailerStores.keyId(retailerId), rs.getString("access_token")),
                        rs.getString("shop_domain"), rs.getString("api_version")),
                        rs.getString("location_id"), "REFUND".equals(rs.getString("cancelled_lines")),
                        "SHOPIFY".equals(rs.getString("customer_notifications"))), retailerId).stream().findFirst();
    }

    Optional<Link> link(String orderId) {
        return jdbc.query("SELECT retailer_id, shop_order_id FROM retailer_store_order WHERE order_id = ?",
                        (rs, n) -> new String[] {rs.getString(1), rs.getString(2)}, orderId).stream().findFirst()
                .flatMap(row -> store(row[0]).map(store -> new Link(orderId, ORDER_GID + row[1], store)));
    }
}
