-- A cancelled batch counts the items that never ran.
ALTER TABLE generation_batches ADD COLUMN cancelled_images INTEGER NOT NULL DEFAULT 0;
