-- Declared variables ({"declared": [...]}), versions, soft deletion (old batches keep their version), forks and usage.
ALTER TABLE prompt_templates
    ADD COLUMN variables        JSONB       NOT NULL DEFAULT '{"declared": []}'::jsonb,
    ADD COLUMN current_version  INTEGER     NOT NULL DEFAULT 1,
    ADD COLUMN forked_from      UUID,
    ADD COLUMN deleted_at       TIMESTAMPTZ,
    ADD COLUMN images_attempted INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN images_succeeded INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN images_failed    INTEGER     NOT NULL DEFAULT 0,
    ADD COLUMN last_used_at     TIMESTAMPTZ;

CREATE INDEX idx_prompt_templates_public ON prompt_templates (is_public) WHERE is_public;

-- Every saved state of a template; a batch records the version it rendered.
CREATE TABLE prompt_template_versions (
    template_id UUID         NOT NULL REFERENCES prompt_templates (id),
    version     INTEGER      NOT NULL,
    name        VARCHAR(255) NOT NULL,
    description TEXT,
    prompt_text TEXT         NOT NULL,
    category    VARCHAR(50),
    style       VARCHAR(50),
    parameters  JSONB        NOT NULL DEFAULT '{}'::jsonb,
    variables   JSONB        NOT NULL DEFAULT '{"declared": []}'::jsonb,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (template_id, version)
);

INSERT INTO prompt_template_versions (template_id, version, name, description, prompt_text, category, style, parameters, variables, created_at)
SELECT id, 1, name, description, prompt_text, category, style, parameters, variables, created_at FROM prompt_templates;

-- Usage bookkeeping from batch events: which template (version) a batch used, and which events
-- were applied already (a redelivered event changes nothing).
CREATE TABLE template_batches (
    batch_id    UUID PRIMARY KEY,
    template_id UUID    NOT NULL REFERENCES prompt_templates (id),
    version     INTEGER
);

CREATE TABLE processed_events (
    event_id     VARCHAR(255) PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
