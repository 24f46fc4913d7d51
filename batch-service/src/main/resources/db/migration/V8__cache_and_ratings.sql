-- Smart caching: an item's cache key is a SHA-256 of its normalised prompt, model and parameters
-- (seed included). A request whose key matches one of the vendor's completed images reuses that image
-- (cached_from, no job, no cost, saved_usd its estimate); a request that asked for a fresh image
-- where one existed records what it regenerates (regeneration_of). Ratings: 1 to 5 per image.
ALTER TABLE generation_queue
    ADD COLUMN cache_key       TEXT,
    ADD COLUMN cached_from     UUID,
    ADD COLUMN regeneration_of UUID,
    ADD COLUMN saved_usd       NUMERIC(12, 6) NOT NULL DEFAULT 0,
    ADD COLUMN rating          SMALLINT,
    ADD COLUMN rated_at        TIMESTAMPTZ,
    ADD CONSTRAINT generation_queue_rating CHECK (rating BETWEEN 1 AND 5);

CREATE INDEX idx_generation_queue_cache ON generation_queue (vendor_id, cache_key, processed_at DESC)
    WHERE status = 'completed' AND cached_from IS NULL;
