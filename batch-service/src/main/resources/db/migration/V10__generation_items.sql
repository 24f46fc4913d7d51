-- One concept, one name: a batch's images are GenerationItem in the code, "items" in the API and
-- generation_items here (the table was first named for its role as the queue of jobs).
ALTER TABLE generation_queue RENAME TO generation_items;
ALTER TABLE generation_items RENAME CONSTRAINT generation_queue_status TO generation_items_status;
ALTER TABLE generation_items RENAME CONSTRAINT generation_queue_rating TO generation_items_rating;
ALTER INDEX idx_generation_queue_batch RENAME TO idx_generation_items_batch;
ALTER INDEX idx_generation_queue_status RENAME TO idx_generation_items_status;
ALTER INDEX idx_generation_queue_batch_row RENAME TO idx_generation_items_batch_row;
ALTER INDEX idx_generation_queue_vendor_status RENAME TO idx_generation_items_vendor_status;
ALTER INDEX idx_generation_queue_processed RENAME TO idx_generation_items_processed;
ALTER INDEX idx_generation_queue_cache RENAME TO idx_generation_items_cache;
ALTER INDEX idx_generation_queue_product RENAME TO idx_generation_items_product;
ALTER INDEX generation_queue_pkey RENAME TO generation_items_pkey;
ALTER TABLE generation_items RENAME CONSTRAINT generation_queue_batch_id_fkey TO generation_items_batch_id_fkey;
