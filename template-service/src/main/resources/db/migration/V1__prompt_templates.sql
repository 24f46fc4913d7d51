-- Phase 1 of the seed: the template library. vendor_id is the token's vendor (no vendors table
-- here: vendors live in the identity provider); NULL vendor_id marks the platform's own templates.
CREATE TABLE prompt_templates (
    id          UUID PRIMARY KEY,
    vendor_id   UUID,
    name        VARCHAR(255) NOT NULL,
    description TEXT,
    prompt_text TEXT         NOT NULL,
    category    VARCHAR(50),
    style       VARCHAR(50),
    parameters  JSONB        NOT NULL DEFAULT '{}'::jsonb,
    is_public   BOOLEAN      NOT NULL DEFAULT false,
    usage_count INTEGER      NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX idx_prompt_templates_vendor ON prompt_templates (vendor_id);
CREATE INDEX idx_prompt_templates_category ON prompt_templates (category);
