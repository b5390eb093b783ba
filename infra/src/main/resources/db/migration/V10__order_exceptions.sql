-- Orders at risk, for operations: one row per (order, reason, subject); deadlines listed once close (query side).
CREATE TABLE order_exception (
    order_id    text NOT NULL,
    retailer_id text NOT NULL,
    reason      text NOT NULL,
    subject     text NOT NULL DEFAULT '',
    detail      text,
    since       timestamptz NOT NULL,
    due_at      timestamptz,
    PRIMARY KEY (order_id, reason, subject)
);
CREATE INDEX order_exception_retailer ON order_exception (retailer_id, since);
