-- Read models of routing: why each allocation went where it went, how each supplier performs, which lines
-- wait for stock. Written by projections, each idempotent (keyed by allocation or line, set-once columns).

CREATE TABLE routing_decision (
    allocation_id  TEXT PRIMARY KEY,
    order_id       TEXT        NOT NULL,
    retailer_id    TEXT        NOT NULL,
    supplier_id    TEXT        NOT NULL,
    location_id    TEXT        NOT NULL,
    policy_version TEXT        NOT NULL,
    lines          JSONB       NOT NULL,
    explanation    JSONB       NOT NULL,
    decided_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX routing_decision_order ON routing_decision (order_id);

CREATE TABLE allocation_performance (
    allocation_id      TEXT PRIMARY KEY,
    supplier_id        TEXT        NOT NULL,
    retailer_id        TEXT        NOT NULL,
    selected_at        TIMESTAMPTZ NOT NULL,
    submitted_at       TIMESTAMPTZ,
    accepted_at        TIMESTAMPTZ,
    timed_out_at       TIMESTAMPTZ,
    rejected_at        TIMESTAMPTZ,
    rejection_reason   TEXT,
    expected_ship_date DATE,
    shipped_at         TIMESTAMPTZ
);
CREATE INDEX allocation_performance_supplier ON allocation_performance (supplier_id, selected_at);

CREATE TABLE backordered_line (
    order_id         TEXT        NOT NULL,
    line_id          TEXT        NOT NULL,
    retailer_id      TEXT        NOT NULL,
    sku              TEXT        NOT NULL,
    backordered_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (order_id, line_id)
);
CREATE INDEX backordered_line_sku ON backordered_line (retailer_id, sku, backordered_at);

CREATE TABLE order_line_sku (
    order_id    TEXT NOT NULL,
    line_id     TEXT NOT NULL,
    retailer_id TEXT NOT NULL,
    sku         TEXT NOT NULL,
    PRIMARY KEY (order_id, line_id)
);
