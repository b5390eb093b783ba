-- Idempotency records expire (issue 13, IdempotencyRetention): the purge deletes the oldest rows in batches, which
-- without this index would read the whole table for every batch.
CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at);
