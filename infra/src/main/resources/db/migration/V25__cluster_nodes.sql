-- The nodes of a cluster and their roles, each kept fresh by the node's own heartbeat (infra.cluster.ClusterNodes).
-- Processors share their segments among the nodes seen here recently.
CREATE TABLE cluster_node (
    node_id    text PRIMARY KEY,
    roles      text        NOT NULL,
    started_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL
);
