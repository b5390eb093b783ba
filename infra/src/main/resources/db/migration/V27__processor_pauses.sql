-- A processor paused on every node but one (infra.cluster.ProcessorPauses): the node named here resets the processor's
-- tokens, which needs every segment's claim, while the other nodes keep that processor stopped. One row per processor,
-- so two nodes cannot reset the same processor at once. A row whose node is no longer live is ignored and removed.
CREATE TABLE processor_pause (
    processor_name text PRIMARY KEY,
    paused_by      text        NOT NULL,
    paused_at      timestamptz NOT NULL DEFAULT now()
);
