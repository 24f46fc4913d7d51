-- The vendors' ratings of generated images (item.rated from batch-service), one per image: a
-- template's images are those of its batches (template_batches), so its stats and the recommendations
-- can read how its images were rated.
CREATE TABLE image_ratings (
    item_id  UUID PRIMARY KEY,
    batch_id UUID        NOT NULL,
    rating   SMALLINT    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    rated_at TIMESTAMPTZ NOT NULL
);

CREATE INDEX idx_image_ratings_batch ON image_ratings (batch_id);
