-- The console's stock drift list: a retailer's newest findings first (infra.query StockDriftQueries), without reading
-- the whole table as reconciliation keeps adding to it.
CREATE INDEX stock_drift_by_retailer ON stock_drift (retailer_id, checked_at DESC, id DESC);
