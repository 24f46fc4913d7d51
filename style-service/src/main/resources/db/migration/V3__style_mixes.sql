-- A saved mix: the styles it blends and their weights, {"components": [{"styleId": ..., "weight": ...}]}.
-- NULL for a plain style. base_prompt_suffix keeps the blend's text for when a component is gone.
ALTER TABLE style_presets ADD COLUMN mix JSONB;
