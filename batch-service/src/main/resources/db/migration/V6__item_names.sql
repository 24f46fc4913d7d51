-- What each image is about (the first 255 characters of its row's product name): a hint for its file
-- name, kept so that a retry names its file as the first attempt did.
ALTER TABLE generation_queue ADD COLUMN name VARCHAR(255);
