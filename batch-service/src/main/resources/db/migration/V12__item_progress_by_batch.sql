-- The watchdog asks, per running batch, whether any item ended since a time: one index probe.
CREATE INDEX idx_generation_items_batch_processed ON generation_items (batch_id, processed_at);
