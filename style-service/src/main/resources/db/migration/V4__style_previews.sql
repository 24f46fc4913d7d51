-- The style gallery: preview batches run through the normal pipeline (batch-service, the workers),
-- and the images they produced. A request is recorded before batch-service is called (batch_id is
-- set once it answers), so a result that arrives first waits for it instead of being lost.
CREATE TABLE style_preview_batches (
    id           UUID PRIMARY KEY,
    style_id     UUID        NOT NULL REFERENCES style_presets (id) ON DELETE CASCADE,
    vendor_id    UUID        NOT NULL,
    batch_id     UUID UNIQUE,
    images       INT         NOT NULL,
    requested_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_style_preview_batches_style ON style_preview_batches (style_id);

CREATE TABLE style_preview_images (
    item_id       UUID PRIMARY KEY,
    style_id      UUID        NOT NULL REFERENCES style_presets (id) ON DELETE CASCADE,
    batch_id      UUID        NOT NULL,
    image_key     TEXT        NOT NULL,
    thumbnail_key TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE INDEX idx_style_preview_images_style ON style_preview_images (style_id, created_at DESC);
