-- A retailer's own Shopify store: orders come in from it, fulfillments, tracking and availability go back to it.
-- access_token and webhook_secrets are sealed (sealed:v1:...) under the data key retailer-store:<retailer_id>.
CREATE TABLE retailer_store (
    retailer_id            text PRIMARY KEY,
    shop_domain            text        NOT NULL,
    base_url               text,
    api_version            text        NOT NULL,
    access_token           text        NOT NULL,
    webhook_secrets        text[]      NOT NULL,
    location_id            text,
    cancelled_lines        text        NOT NULL DEFAULT 'CANCEL',
    customer_notifications text        NOT NULL DEFAULT 'ORDERFLOW',
    connected_at           timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);

-- Orders that came from a retailer's store: only these are written back to it.
CREATE TABLE retailer_store_order (
    order_id      text PRIMARY KEY,
    retailer_id   text        NOT NULL,
    shop_order_id text        NOT NULL,
    created_at    timestamptz NOT NULL,
    UNIQUE (retailer_id, shop_order_id)
);

-- One Shopify fulfillment per shipment of ours. The row is written before fulfillmentCreate (fulfillment_id null),
-- so that a retry after a lost answer looks for the fulfillment it may have made before making another.
CREATE TABLE retailer_store_fulfillment (
    order_id        text        NOT NULL,
    shipment_id     text        NOT NULL,
    line_items      text        NOT NULL,
    fulfillment_id  text,
    tracking_number text,
    last_status     text,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    PRIMARY KEY (order_id, shipment_id)
);

-- Lines of ours already cancelled or refunded in the store, per cancellation event.
CREATE TABLE retailer_store_cancellation (
    order_id    text        NOT NULL,
    event_id    text        NOT NULL,
    done_at     timestamptz NOT NULL,
    PRIMARY KEY (order_id, event_id)
);

-- The store's inventory item of each retailer SKU, asked once.
CREATE TABLE retailer_store_inventory_item (
    retailer_id       text NOT NULL,
    sku               text NOT NULL,
    inventory_item_id text,
    looked_up_at      timestamptz NOT NULL,
    PRIMARY KEY (retailer_id, sku)
);

-- Stock positions (or a supplier's whole catalog: position_id 'catalog:<supplier>') whose change waits for the
-- debounced availability push; sequence is the position's last event seen, so the push waits until the stock read
-- model reflects it. since is the first change not yet pushed: a position that keeps changing is still pushed.
CREATE TABLE retailer_availability_pending (
    retailer_id text        NOT NULL,
    position_id text        NOT NULL,
    sequence    bigint      NOT NULL,
    since       timestamptz NOT NULL,
    PRIMARY KEY (retailer_id, position_id)
);

-- What was last published per retailer SKU (Kafka and, when store_set, the store), to skip repeats.
CREATE TABLE retailer_availability_pushed (
    retailer_id text        NOT NULL,
    sku         text        NOT NULL,
    available   integer     NOT NULL,
    store_set   boolean     NOT NULL,
    pushed_at   timestamptz NOT NULL,
    PRIMARY KEY (retailer_id, sku)
);
