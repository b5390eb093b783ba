-- Routing reads each candidate's scorecard for every order. Counting allocation_performance rows for that grew with
-- every order ever routed; these running counts are kept by the same projection, in the same transaction, when an
-- allocation's set-once columns are first set, so reading a scorecard costs the same on the first day and the last.

CREATE TABLE supplier_scorecard (
    supplier_id TEXT PRIMARY KEY,
    decided     BIGINT NOT NULL DEFAULT 0,
    accepted    BIGINT NOT NULL DEFAULT 0,
    shipped     BIGINT NOT NULL DEFAULT 0,
    on_time     BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE supplier_day_orders (
    supplier_id TEXT   NOT NULL,
    day         DATE   NOT NULL,
    orders      BIGINT NOT NULL,
    PRIMARY KEY (supplier_id, day)
);

INSERT INTO supplier_scorecard (supplier_id, decided, accepted, shipped, on_time)
SELECT supplier_id,
       count(*) FILTER (WHERE accepted_at IS NOT NULL OR timed_out_at IS NOT NULL OR rejected_at IS NOT NULL),
       count(*) FILTER (WHERE accepted_at IS NOT NULL),
       count(*) FILTER (WHERE shipped_at IS NOT NULL AND expected_ship_date IS NOT NULL),
       count(*) FILTER (WHERE shipped_at IS NOT NULL AND expected_ship_date IS NOT NULL
                        AND (shipped_at AT TIME ZONE 'UTC')::date <= expected_ship_date)
FROM allocation_performance GROUP BY supplier_id;

INSERT INTO supplier_day_orders (supplier_id, day, orders)
SELECT supplier_id, (selected_at AT TIME ZONE 'UTC')::date, count(*)
FROM allocation_performance GROUP BY 1, 2;
