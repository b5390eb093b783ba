-- Billing reconciliation's read models (README, "Billing: supplier invoices against what was agreed").

-- One row per supplier order: when it was accepted, rejected (or timed out) and delivered, its supplier reference,
-- and what invoices billed for it. Amounts are numeric without a scale: exact, as the invoices gave them.
CREATE TABLE billing_supplier_order (
    allocation_id        TEXT PRIMARY KEY,
    order_id             TEXT        NOT NULL,
    retailer_id          TEXT        NOT NULL,
    supplier_id          TEXT        NOT NULL,
    supplier_order_ref   TEXT,
    currency             TEXT,
    selected_at          TIMESTAMPTZ NOT NULL,
    accepted_at          TIMESTAMPTZ,
    withdrawn            BOOLEAN     NOT NULL DEFAULT false,
    delivered_at         TIMESTAMPTZ,
    billed_amount        NUMERIC     NOT NULL DEFAULT 0,
    invoice_numbers      TEXT[]      NOT NULL DEFAULT '{}',
    flagged_not_invoiced BOOLEAN     NOT NULL DEFAULT false
);
CREATE INDEX billing_supplier_order_by_ref ON billing_supplier_order (supplier_id, supplier_order_ref);
CREATE INDEX billing_supplier_order_by_month ON billing_supplier_order (retailer_id, supplier_id, accepted_at);
CREATE INDEX billing_supplier_order_uninvoiced ON billing_supplier_order (delivered_at)
    WHERE cardinality(invoice_numbers) = 0 AND NOT flagged_not_invoiced;

-- Each order line a supplier order holds, in supplier units, with the unit cost of the catalog routing used.
CREATE TABLE billing_order_line (
    allocation_id   TEXT    NOT NULL,
    line_id         TEXT    NOT NULL,
    order_id        TEXT    NOT NULL,
    supplier_sku    TEXT    NOT NULL,
    quantity        INTEGER NOT NULL,
    supplier_units  INTEGER NOT NULL,
    unit_cost       NUMERIC,
    cancelled_units INTEGER NOT NULL DEFAULT 0,
    delivered_units INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (allocation_id, line_id)
);
CREATE INDEX billing_order_line_by_order ON billing_order_line (order_id, line_id);

CREATE TABLE billing_invoice (
    invoice_id     TEXT PRIMARY KEY,
    retailer_id    TEXT        NOT NULL,
    supplier_id    TEXT        NOT NULL,
    invoice_number TEXT        NOT NULL,
    issued_at      TIMESTAMPTZ NOT NULL,
    currency       TEXT        NOT NULL,
    lines_total    NUMERIC     NOT NULL,
    shipping       NUMERIC     NOT NULL,
    tax            NUMERIC     NOT NULL,
    source         TEXT        NOT NULL,
    received_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX billing_invoice_by_month ON billing_invoice (retailer_id, supplier_id, issued_at);

CREATE TABLE billing_discrepancy (
    discrepancy_id    TEXT PRIMARY KEY,
    retailer_id       TEXT        NOT NULL,
    supplier_id       TEXT        NOT NULL,
    invoice_number    TEXT,
    type              TEXT        NOT NULL,
    supplier_order_id TEXT,
    supplier_sku      TEXT,
    expected_amount   NUMERIC,
    expected_currency TEXT,
    billed_amount     NUMERIC,
    billed_currency   TEXT,
    detail            TEXT        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'OPEN',
    found_at          TIMESTAMPTZ NOT NULL,
    reviewed_by       TEXT,
    review_reason     TEXT,
    reviewed_at       TIMESTAMPTZ
);
CREATE INDEX billing_discrepancy_by_supplier ON billing_discrepancy (retailer_id, supplier_id, found_at DESC);
