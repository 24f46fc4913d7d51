-- Phase 4 of the seed: style presets. vendor_id NULL marks the platform's public built-ins.
CREATE TABLE style_presets (
    id                 UUID PRIMARY KEY,
    vendor_id          UUID,
    name               VARCHAR(255) NOT NULL,
    description        TEXT,
    base_prompt_suffix TEXT,
    parameters         JSONB        NOT NULL DEFAULT '{}'::jsonb,
    example_images     TEXT[]       NOT NULL DEFAULT '{}',
    is_public          BOOLEAN      NOT NULL DEFAULT false,
    created_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX idx_style_presets_vendor ON style_presets (vendor_id);

-- The seed's 8 built-in styles, with its exact suffixes; fixed ids so every environment agrees.
INSERT INTO style_presets (id, vendor_id, name, description, base_prompt_suffix, is_public) VALUES
  ('00000000-0000-4000-8000-000000000001', NULL, 'Cartoon/Anime', 'Vibrant cartoon look with bold outlines.', 'in vibrant cartoon style, bold outlines, playful colors', true),
  ('00000000-0000-4000-8000-000000000002', NULL, 'Photorealistic', 'Professional studio product photography.', 'professional product photography, studio lighting, 8K resolution', true),
  ('00000000-0000-4000-8000-000000000003', NULL, 'Minimalist', 'Clean shapes on a white background.', 'clean minimalist design, simple shapes, white background', true),
  ('00000000-0000-4000-8000-000000000004', NULL, 'Luxury', 'Premium look with gold accents.', 'premium luxury aesthetic, gold accents, elegant composition', true),
  ('00000000-0000-4000-8000-000000000005', NULL, 'Retro', 'Vintage 80s neon look.', 'vintage 80s style, neon colors, retro aesthetic', true),
  ('00000000-0000-4000-8000-000000000006', NULL, 'Neon/Cyberpunk', 'Neon-lit futuristic scenes.', 'neon lights, cyberpunk aesthetic, futuristic', true),
  ('00000000-0000-4000-8000-000000000007', NULL, 'Hand Drawn', 'Watercolour illustration.', 'hand-drawn illustration, watercolor style, artistic', true),
  ('00000000-0000-4000-8000-000000000008', NULL, '3D Render', 'Rendered 3D product shots.', '3D rendered, octane render, photorealistic materials', true);
