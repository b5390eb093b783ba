-- Kafka records a consumer could not apply after its attempts (issue 11). Each is also copied to <topic>.dlt with the
-- failure in its headers; this table is what the admin dead-letter API lists and retries. Keys, values and header
-- values are kept as bytes: a record that poisoned a consumer may hold anything (a NUL cannot go into text).
CREATE TABLE kafka_dead_letter (
    id             TEXT PRIMARY KEY,
    consumer_group TEXT        NOT NULL,
    topic          TEXT        NOT NULL,
    partition_no   INT         NOT NULL,
    record_offset  BIGINT      NOT NULL,
    record_ts      BIGINT      NOT NULL,
    record_key     BYTEA,
    record_value   BYTEA,
    headers        BYTEA       NOT NULL,
    retailer_id    TEXT,
    cause_type     TEXT        NOT NULL,
    cause_message  TEXT,
    attempts       INT         NOT NULL,
    parked_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (consumer_group, topic, partition_no, record_offset)
);
CREATE INDEX kafka_dead_letter_retailer ON kafka_dead_letter (retailer_id, parked_at);
