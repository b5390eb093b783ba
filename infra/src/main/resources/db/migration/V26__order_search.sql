-- Order search (GET /api/v1/orders): newest placed first, keyset-paged on (placed_at, order_id) within a retailer.
-- placed_at is the OrderPlaced event's placedAt; views stored before this migration take it from the event store
-- (the event's timestamp, which is when intake placed it) or, failing that, from their last change.

ALTER TABLE order_view ADD COLUMN placed_at TIMESTAMPTZ;

UPDATE order_view v SET placed_at = e."timestamp"::timestamptz
FROM domainevententry e
WHERE e.aggregateidentifier = v.order_id AND e.sequencenumber = 0;

UPDATE order_view SET placed_at = updated_at WHERE placed_at IS NULL;

UPDATE order_view SET view = jsonb_set(view, '{placedAt}',
        to_jsonb(to_char(placed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))
WHERE view -> 'placedAt' IS NULL OR view -> 'placedAt' = 'null'::jsonb;

ALTER TABLE order_view ALTER COLUMN placed_at SET NOT NULL;

-- every page: the retailer's orders in (placed_at, order_id) order, optionally of one status
CREATE INDEX order_view_retailer_placed ON order_view (retailer_id, placed_at DESC, order_id DESC);
CREATE INDEX order_view_retailer_status_placed ON order_view (retailer_id, status, placed_at DESC, order_id DESC);
-- supplierId and sku filters: containment on the view's lines (view -> 'lines' @> '[{"sku":"…"}]'); only the
-- lines, so that the index stays small. atRisk uses order_exception's primary key (order_id first).
CREATE INDEX order_view_lines ON order_view USING gin ((view -> 'lines') jsonb_path_ops);
