-- Customers' personal data is sealed in events under a data key per order (key_id = the order id), wrapped by the
-- key-encryption key kek_id. Erasure destroys the wrapped key (and the e-mail's keyed hash), keeping the row so
-- that every reader knows the data is gone, not missing. subject_hash: HMAC-SHA256 of the retailer and the
-- customer's e-mail address, under the key '#subject-index', so an erasure by address finds the orders.
CREATE TABLE personal_data_key (
    key_id       TEXT PRIMARY KEY,
    retailer_id  TEXT,
    subject_hash BYTEA,
    kek_id       TEXT,
    wrapped_key  BYTEA,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    erased_at    TIMESTAMPTZ,
    CHECK ((wrapped_key IS NULL) = (kek_id IS NULL)),
    CHECK (erased_at IS NULL OR (wrapped_key IS NULL AND subject_hash IS NULL))
);

CREATE INDEX personal_data_key_subject ON personal_data_key (retailer_id, subject_hash)
    WHERE subject_hash IS NOT NULL;

-- key rotation rewraps in batches the keys that an older key-encryption key wraps
CREATE INDEX personal_data_key_kek ON personal_data_key (kek_id) WHERE kek_id IS NOT NULL;

-- the tracking page reads the greeting's first name from the order's sealed data: no read model keeps it
ALTER TABLE order_tracking DROP COLUMN first_name;
