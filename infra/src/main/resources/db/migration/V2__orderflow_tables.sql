-- orderflow's own tables. Axon's and db-scheduler's tables are in V1.

-- api-gateway: keys are stored as SHA-256 hex of the key, never the key itself
CREATE TABLE api_key (
    key_hash    TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    retailer_id TEXT        NOT NULL,
    scopes      TEXT[]      NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE idempotency_record (
    retailer_id   TEXT        NOT NULL,
    idem_key      TEXT        NOT NULL,
    request_hash  TEXT        NOT NULL,
    state         TEXT        NOT NULL CHECK (state IN ('IN_FLIGHT', 'DONE')),
    status_code   INT,
    location      TEXT,
    response_body TEXT,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at  TIMESTAMPTZ,
    PRIMARY KEY (retailer_id, idem_key)
);

-- suppliers and their catalogs (issue 3 replaces this with the Supplier aggregate's read model)
CREATE TABLE supplier (
    supplier_id            TEXT PRIMARY KEY,
    retailer_id            TEXT    NOT NULL,
    name                   TEXT    NOT NULL,
    connector_type         TEXT    NOT NULL,
    base_url               TEXT,
    api_secret             TEXT,
    webhook_secrets        TEXT[]  NOT NULL,
    ships_to               TEXT[]  NOT NULL,
    location_ids           TEXT[]  NOT NULL,
    priority               INT     NOT NULL,
    acceptance_sla_seconds BIGINT  NOT NULL,
    active                 BOOLEAN NOT NULL
);

CREATE TABLE supplier_catalog_item (
    supplier_id    TEXT           NOT NULL REFERENCES supplier (supplier_id),
    sku            TEXT           NOT NULL,
    supplier_sku   TEXT           NOT NULL,
    units_per_item INT            NOT NULL,
    unit_cost      NUMERIC(19, 4) NOT NULL,
    currency       TEXT           NOT NULL,
    PRIMARY KEY (supplier_id, sku)
);

-- webhook consumer: a delivery is applied once however often it arrives
CREATE TABLE webhook_delivery (
    supplier_id TEXT        NOT NULL,
    delivery_id TEXT        NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (supplier_id, delivery_id)
);

-- supplier dispatcher: which order an allocation belongs to, written before the supplier is called
CREATE TABLE supplier_order_link (
    allocation_id      TEXT PRIMARY KEY,
    order_id           TEXT NOT NULL,
    supplier_id        TEXT NOT NULL,
    supplier_order_ref TEXT
);
CREATE INDEX supplier_order_link_ref ON supplier_order_link (supplier_id, supplier_order_ref);

-- read models (projections write, query-side reads)
CREATE TABLE order_view (
    order_id          TEXT PRIMARY KEY,
    retailer_id       TEXT        NOT NULL,
    external_order_id TEXT        NOT NULL,
    status            TEXT        NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    last_sequence     BIGINT      NOT NULL,
    view              JSONB       NOT NULL
);

CREATE TABLE order_timeline (
    order_id    TEXT        NOT NULL,
    sequence    BIGINT      NOT NULL,
    retailer_id TEXT        NOT NULL,
    at          TIMESTAMPTZ NOT NULL,
    type        TEXT        NOT NULL,
    text        TEXT        NOT NULL,
    PRIMARY KEY (order_id, sequence)
);
