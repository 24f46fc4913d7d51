-- Phase 2 of the seed: batches and their items (the generation queue).
CREATE TABLE generation_batches (
    id               UUID PRIMARY KEY,
    vendor_id        UUID         NOT NULL,
    template_id      UUID,
    name             VARCHAR(255),
    status           VARCHAR(50)  NOT NULL,
    total_images     INTEGER      NOT NULL DEFAULT 0,
    completed_images INTEGER      NOT NULL DEFAULT 0,
    failed_images    INTEGER      NOT NULL DEFAULT 0,
    config           JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    completed_at     TIMESTAMPTZ,
    CONSTRAINT generation_batches_status CHECK (status IN ('pending', 'scheduled', 'processing', 'completed', 'failed', 'cancelled'))
);

CREATE INDEX idx_generation_batches_vendor ON generation_batches (vendor_id, created_at DESC);

CREATE TABLE generation_queue (
    id            UUID PRIMARY KEY,
    batch_id      UUID         REFERENCES generation_batches (id),
    vendor_id     UUID         NOT NULL,
    prompt        TEXT         NOT NULL,
    status        VARCHAR(50)  NOT NULL,
    result_url    TEXT,
    error_message TEXT,
    parameters    JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    processed_at  TIMESTAMPTZ,
    CONSTRAINT generation_queue_status CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'cancelled'))
);

CREATE INDEX idx_generation_queue_batch ON generation_queue (batch_id);
CREATE INDEX idx_generation_queue_status ON generation_queue (status);
