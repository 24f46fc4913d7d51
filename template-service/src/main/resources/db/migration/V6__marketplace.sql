-- The template marketplace: a vendor lists its template (opt-in), an admin can hide it; other vendors
-- install it (a fork, recorded), rate and review it (one review per vendor and template, editable).
ALTER TABLE prompt_templates
    ADD COLUMN marketplace_status VARCHAR(16),
    ADD COLUMN published_at       TIMESTAMPTZ,
    ADD COLUMN hidden_reason      VARCHAR(500);
ALTER TABLE prompt_templates ADD CONSTRAINT prompt_templates_marketplace_status
    CHECK (marketplace_status IS NULL OR marketplace_status IN ('listed', 'hidden'));
CREATE INDEX idx_prompt_templates_marketplace ON prompt_templates (marketplace_status) WHERE marketplace_status IS NOT NULL;

CREATE TABLE template_installs (
    fork_id      UUID PRIMARY KEY REFERENCES prompt_templates (id),
    template_id  UUID        NOT NULL REFERENCES prompt_templates (id),
    vendor_id    UUID        NOT NULL,
    installed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_template_installs_template ON template_installs (template_id, installed_at);

CREATE TABLE template_reviews (
    template_id UUID        NOT NULL REFERENCES prompt_templates (id),
    vendor_id   UUID        NOT NULL,
    rating      SMALLINT    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    review      VARCHAR(2000),
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, vendor_id)
);

-- when a batch used a template, for "this week" figures, and the style it applied, for recommendations
ALTER TABLE template_batches ADD COLUMN created_at TIMESTAMPTZ NOT NULL DEFAULT now();
ALTER TABLE template_batches ADD COLUMN style_id UUID;
CREATE INDEX idx_template_batches_template ON template_batches (template_id, created_at);
