-- What a job needs beyond the seed's columns: its position in the batch, the attempt it is on,
-- and where the worker stored the image and its thumbnail.
ALTER TABLE generation_queue
    ADD COLUMN row_index     INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN attempt       INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN image_key     TEXT,
    ADD COLUMN thumbnail_key TEXT;

CREATE INDEX idx_generation_queue_batch_row ON generation_queue (batch_id, row_index);
