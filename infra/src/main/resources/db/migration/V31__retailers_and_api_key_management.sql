-- The platform API's retailers and key management (README, "Retailers and API keys").

CREATE TABLE retailer (
    retailer_id TEXT PRIMARY KEY,
    name        TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- key_id names a key in the API and stays when its secret is rotated (key_hash changes); key_prefix is the start of
-- the clear key, shown so that people can tell keys apart (unknown for keys stored before this API); a revoked key
-- keeps its row, so that its hash can never be taken again (the bootstrap key does not come back after a restart).
ALTER TABLE api_key
    ADD COLUMN key_id          UUID        NOT NULL DEFAULT gen_random_uuid(),
    ADD COLUMN key_prefix      TEXT,
    ADD COLUMN last_rotated_at TIMESTAMPTZ,
    ADD COLUMN revoked_at      TIMESTAMPTZ,
    ADD COLUMN revoked_by      TEXT,
    -- who issued it through the platform API (the caller's actor), null for keys from elsewhere
    ADD COLUMN created_by      TEXT,
    -- the key ORDERFLOW_PLATFORM_KEY names: replaced when the variable changes, never rotated through the API
    ADD COLUMN bootstrap       BOOLEAN     NOT NULL DEFAULT false;

ALTER TABLE api_key ADD CONSTRAINT api_key_key_id_unique UNIQUE (key_id);
CREATE INDEX api_key_by_retailer ON api_key (retailer_id, created_at) WHERE revoked_at IS NULL;

-- the retailers that keys already name (demo-retailer, platform-operator, and any made by hand)
INSERT INTO retailer (retailer_id, name)
SELECT DISTINCT retailer_id, retailer_id FROM api_key
ON CONFLICT (retailer_id) DO NOTHING;
