-- The last sign of life of an open item: its job sent (created, released, retried or resent) or a
-- worker's "retrying"; the watchdog resends or fails items without one for too long.
ALTER TABLE generation_items ADD COLUMN progress_at TIMESTAMPTZ;
CREATE INDEX idx_generation_items_open ON generation_items (coalesce(progress_at, created_at))
    WHERE status IN ('pending', 'processing');
