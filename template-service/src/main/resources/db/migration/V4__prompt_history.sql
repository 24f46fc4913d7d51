-- Every prompt that was sent for generation, with its outcome: one row per item, filled from the
-- job (prompt, model, parameters) and its result (status, error, image), in whichever order they come.
CREATE TABLE prompt_history (
    item_id     UUID PRIMARY KEY,
    vendor_id   UUID        NOT NULL,
    batch_id    UUID,
    prompt      TEXT,
    model       VARCHAR(64),
    parameters  JSONB       NOT NULL DEFAULT '{}'::jsonb,
    attempts    INTEGER     NOT NULL DEFAULT 1,
    status      VARCHAR(32) NOT NULL DEFAULT 'pending',
    error_code  VARCHAR(128),
    image_key   TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);

CREATE INDEX idx_prompt_history_vendor ON prompt_history (vendor_id, created_at DESC);
CREATE INDEX idx_prompt_history_batch ON prompt_history (batch_id);

-- The template (version) of each entry, known from the batch's creation event.
ALTER TABLE prompt_history
    ADD COLUMN template_id      UUID,
    ADD COLUMN template_version INTEGER;

CREATE INDEX idx_prompt_history_template ON prompt_history (template_id);
