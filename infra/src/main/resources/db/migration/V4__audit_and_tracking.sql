-- The customer tracking read model and the auditors' tables (issue 6).

-- projections/tracking: what a tracking page shows beyond the order view. The only personal data are the
-- customer's first name and the destination city. updated_at is the time of the last order event applied.
CREATE TABLE order_tracking (
    order_id      TEXT PRIMARY KEY,
    retailer_id   TEXT        NOT NULL,
    first_name    TEXT,
    city          TEXT,
    promise_by    DATE,
    placed_at     TIMESTAMPTZ NOT NULL,
    accepted_at   TIMESTAMPTZ,
    completed_at  TIMESTAMPTZ,
    reroutes      INT         NOT NULL DEFAULT 0,
    parcels       JSONB       NOT NULL DEFAULT '[]',
    updated_at    TIMESTAMPTZ NOT NULL,
    last_sequence BIGINT      NOT NULL
);

-- The audit hash chain (DESIGN §10), written by the sealer in global-index order: one row per event, holding the
-- chain's hash after that event, so that verification can name the exact event that no longer matches.
CREATE TABLE audit_chain (
    global_index BIGINT PRIMARY KEY,
    event_id     TEXT  NOT NULL,
    hash         BYTEA NOT NULL
);

-- Where the chain stands. chained_through: every position up to it is chained or a gap that can no longer fill.
-- settled_position: how far history is settled (exports stop there).
CREATE TABLE audit_chain_state (
    id               INT PRIMARY KEY CHECK (id = 1),
    chained_through  BIGINT NOT NULL,
    last_hash        BYTEA  NOT NULL,
    settled_position BIGINT NOT NULL
);
INSERT INTO audit_chain_state (id, chained_through, last_hash, settled_position)
VALUES (1, 0, decode(repeat('00', 32), 'hex'), 0);

-- Seals: the chain's hash at covered_through, and exactly which events that covers: the global positions
-- (covered_from, covered_through], of which event_count hold events (first_index to last_index); the others are
-- gaps that could no longer fill when the seal was made. previous_hash is the hash of the seal before.
CREATE TABLE audit_seal (
    seal_no         BIGINT PRIMARY KEY,
    covered_from    BIGINT      NOT NULL,
    covered_through BIGINT      NOT NULL,
    first_index     BIGINT      NOT NULL,
    last_index      BIGINT      NOT NULL,
    event_count     BIGINT      NOT NULL,
    previous_hash   BYTEA       NOT NULL,
    hash            BYTEA       NOT NULL,
    sealed_at       TIMESTAMPTZ NOT NULL
);

-- Read-model replays requested through the audit API; progress itself is read from the processor's tokens.
CREATE TABLE audit_replay (
    replay_id       TEXT PRIMARY KEY,
    read_model      TEXT        NOT NULL,
    requested_by    TEXT        NOT NULL,
    started_at      TIMESTAMPTZ NOT NULL,
    target_position BIGINT      NOT NULL,
    status          TEXT        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED')),
    finished_at     TIMESTAMPTZ,
    final_position  BIGINT,
    error           TEXT
);
CREATE INDEX audit_replay_running ON audit_replay (read_model) WHERE status = 'RUNNING';
