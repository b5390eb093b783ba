-- inventory (issue 3)

-- read model: one row per StockPosition, written by the "inventory" projection; last_sequence is the
-- aggregate sequence of the last event applied, so a redelivered event changes nothing
CREATE TABLE stock_availability (
    position_id   TEXT PRIMARY KEY,
    retailer_id   TEXT    NOT NULL,
    supplier_id   TEXT    NOT NULL,
    location_id   TEXT    NOT NULL,
    supplier_sku  TEXT    NOT NULL,
    reported      INT     NOT NULL DEFAULT 0,
    reserved      INT     NOT NULL DEFAULT 0,
    committed     INT     NOT NULL DEFAULT 0,
    safety_stock  INT     NOT NULL DEFAULT 0,
    available     INT GENERATED ALWAYS AS (reported - reserved - committed - safety_stock) STORED,
    reported_at   TIMESTAMPTZ,
    last_sequence BIGINT  NOT NULL
);
CREATE INDEX stock_availability_by_retailer ON stock_availability (retailer_id, supplier_id, location_id, supplier_sku);
CREATE INDEX stock_availability_by_supplier_sku ON stock_availability (supplier_id, supplier_sku);

-- reconciliation: what each supplier said against what we believed, whenever the two differ
CREATE TABLE stock_drift (
    id           BIGSERIAL PRIMARY KEY,
    checked_at   TIMESTAMPTZ NOT NULL,
    retailer_id  TEXT        NOT NULL,
    supplier_id  TEXT        NOT NULL,
    location_id  TEXT        NOT NULL,
    supplier_sku TEXT        NOT NULL,
    ours         INT,                  -- our reported level before the check; NULL: never reported to us
    theirs       INT         NOT NULL,
    their_as_of  TIMESTAMPTZ NOT NULL,
    outcome      TEXT        NOT NULL  -- APPLIED, or STALE when we already held a newer report
);
CREATE INDEX stock_drift_by_supplier ON stock_drift (supplier_id, checked_at);

-- one reconciliation per interval across all nodes: a node runs only after winning this row
CREATE TABLE inventory_reconciliation_lease (
    name        TEXT PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    node        TEXT
);
INSERT INTO inventory_reconciliation_lease (name, started_at) VALUES ('partner-inventory', '-infinity');
