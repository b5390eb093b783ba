-- Shopify names inventory items in its inventory webhooks; this is the supplier SKU of each, as the shop told us.
CREATE TABLE shopify_inventory_item (
    supplier_id       TEXT NOT NULL,
    inventory_item_id TEXT NOT NULL,
    supplier_sku      TEXT NOT NULL,
    PRIMARY KEY (supplier_id, inventory_item_id)
);
