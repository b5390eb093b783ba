package io.orderflow.infra.connector.shopify;

import io.orderflow.infra.connector.SupplierRegistry;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shopify's {@code inventory_levels/update} names an inventory item, not a SKU. The SKU of each item is asked of the
 * shop once ({@code inventoryItem(id) { sku }}) and kept in shopify_inventory_item, as reading the levels also does.
 */
@Component
public class ShopifyInventoryItems {

    private final JdbcTemplate jdbc;
    private final SupplierRegistry suppliers;
    private final ShopifyClient client;

    ShopifyInventoryItems(JdbcTemplate jdbc, SupplierRegistry suppliers, ShopifyClient client) {
        this.jdbc = jdbc;
        this.suppliers = suppliers;
        this.client = client;
    }

    /** The supplier SKU of a shop's inventory item (numeric id or gid), from what we know, else from the shop. */
    public Optional<String> supplierSku(String supplierId, String inventoryItemId, String correlationId) {
        var id = ShopifyMapping.numericId(inventoryItemId);
        var known = jdbc.queryForList("""
                SELECT supplier_sku FROM shopify_inventory_item WHERE supplier_id = ? AND inventory_item_id = ?""",
                String.class, supplierId, id).stream().findFirst();
        if (known.isPresent()) {
            return known;
        }
        var shop = suppliers.connection(supplierId).filter(c -> ShopifyClient.TYPE.equals(c.connectorType()));
        if (shop.isEmpty()) {
            return Optional.empty();
        }
        var sku = client.inventoryItemSku(shop.get(), ShopifyMapping.inventoryItemGid(id), correlationId);
        sku.ifPresent(found -> remember(supplierId, id, found));
        return sku;
    }

    /** Every level the shop reports, remembering each inventory item's SKU on the way (reconciliation). */
    public List<ShopifyClient.InventoryLevel> levels(String supplierId, String correlationId) {
        var shop = suppliers.connection(supplierId).filter(c -> ShopifyClient.TYPE.equals(c.connectorType()))
                .orElseThrow(() -> new IllegalStateException("supplier " + supplierId + " is no Shopify store"));
        var levels = client.inventoryLevels(shop, correlationId);
        levels.stream().filter(l -> l.inventoryItemId() != null && l.sku() != null)
                .forEach(l -> remember(supplierId, l.inventoryItemId(), l.sku()));
        return levels;
    }

    void remember(String supplierId, String inventoryItemId, String supplierSku) {
        jdbc.update("""
                INSERT INTO shopify_inventory_item (supplier_id, inventory_item_id, supplier_sku) VALUES (?, ?, ?)
                ON CONFLICT (supplier_id, inventory_item_id) DO UPDATE SET supplier_sku = excluded.supplier_sku""",
                supplierId, ShopifyMapping.numericId(inventoryItemId), supplierSku);
    }
}
