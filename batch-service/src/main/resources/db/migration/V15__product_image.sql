-- The image a vendor chose as a product's own (one of its completed, linked images), or none.
ALTER TABLE products ADD COLUMN image_item_id UUID;
