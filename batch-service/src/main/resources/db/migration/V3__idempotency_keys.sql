-- Idempotency-Key on POST: a client retrying the same request gets the same batch. The request's
-- hash tells a retry from a different request that reuses the key.
ALTER TABLE generation_batches
    ADD COLUMN idempotency_key VARCHAR(255),
    ADD COLUMN request_hash    VARCHAR(64);

CREATE UNIQUE INDEX idx_generation_batches_idempotency ON generation_batches (vendor_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
