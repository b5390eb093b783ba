-- The Supplier and RoutingPolicy aggregates own suppliers, catalogs and policies now; these tables are their
-- read model, written by the supplier-directory projection. Secrets are never in an event, so they cannot be
-- rebuilt from history: they move to a table of their own that no projection writes or resets.

CREATE TABLE supplier_secret (
    supplier_id     TEXT PRIMARY KEY,
    -- signs our calls to the supplier's partner API
    api_secret      TEXT,
    -- verify the supplier's webhooks; two during a rotation
    webhook_secrets TEXT[] NOT NULL
);

INSERT INTO supplier_secret (supplier_id, api_secret, webhook_secrets)
SELECT supplier_id, COALESCE(api_secret, webhook_secrets[1]), webhook_secrets FROM supplier;

ALTER TABLE supplier
    DROP COLUMN api_secret,
    DROP COLUMN webhook_secrets,
    -- the SupplierRegistered version applied; rows written before the aggregate existed have 0
    ADD COLUMN version         INT         NOT NULL DEFAULT 0,
    ADD COLUMN handling_days   INT         NOT NULL DEFAULT 0,
    ADD COLUMN daily_capacity  INT         NOT NULL DEFAULT 0,
    ADD COLUMN shop_domain     TEXT,
    ADD COLUMN api_version     TEXT,
    -- [{locationId, latitude, longitude, country, region}]; location_ids stays for the readers that want ids only
    ADD COLUMN locations       JSONB       NOT NULL DEFAULT '[]',
    ADD COLUMN catalog_version INT         NOT NULL DEFAULT 0,
    ADD COLUMN updated_at      TIMESTAMPTZ;

-- a replay rebuilds catalog items and suppliers independently of each other
ALTER TABLE supplier_catalog_item
    DROP CONSTRAINT IF EXISTS supplier_catalog_item_supplier_id_fkey,
    ADD COLUMN variant_id TEXT;

CREATE TABLE routing_policy (
    retailer_id             TEXT PRIMARY KEY,
    version                 INT         NOT NULL,
    max_suppliers_per_order INT         NOT NULL,
    max_reroute_attempts    INT         NOT NULL,
    unroutable              TEXT        NOT NULL CHECK (unroutable IN ('BACKORDER', 'HOLD')),
    -- {proximity, cost, priority, promise, reliability, stock}
    weights                 JSONB       NOT NULL,
    published_at            TIMESTAMPTZ NOT NULL
);
