-- A bare subject for trying styles: style-service renders its gallery previews with it, and vendors
-- can pair it with any style or mix. Public, like the other platform templates.
INSERT INTO prompt_templates (id, vendor_id, name, description, prompt_text, category, style, parameters, is_public) VALUES
  ('10000000-0000-4000-8000-000000000013', NULL, 'Style showcase', 'The product alone, so that a style or mix shows clearly.',
   '{product_name} as the clear subject of the image, simple composition', 'product', NULL, '{"size": "1024x1024"}'::jsonb, true);

INSERT INTO prompt_template_versions (template_id, version, name, description, prompt_text, category, style, parameters, variables)
SELECT id, 1, name, description, prompt_text, category, style, parameters, variables FROM prompt_templates
WHERE id = '10000000-0000-4000-8000-000000000013';
