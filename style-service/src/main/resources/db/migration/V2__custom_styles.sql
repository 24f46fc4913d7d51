-- Custom styles: a negative prompt (what to keep out of the image) and when the style last changed.
ALTER TABLE style_presets
    ADD COLUMN negative_prompt TEXT,
    ADD COLUMN updated_at      TIMESTAMPTZ NOT NULL DEFAULT now();
