-- Phase 7: each vendor's products. external_id is the e-commerce platform's own id (studio.products
-- events and CSV imports upsert by it); an image is linked to the product it was generated for
-- (product_id, product_match 'product' for a product batch, 'prompt' when its prompt named the product).
CREATE TABLE products (
    id          UUID PRIMARY KEY,
    vendor_id   UUID         NOT NULL,
    external_id VARCHAR(255),
    name        VARCHAR(255) NOT NULL,
    category    VARCHAR(100),
    strain_type VARCHAR(100),
    brand       VARCHAR(255),
    custom      JSONB        NOT NULL DEFAULT '{}'::jsonb,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX idx_products_external ON products (vendor_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX idx_products_vendor_name ON products (vendor_id, lower(name));

ALTER TABLE generation_queue
    ADD COLUMN product_id    UUID,
    ADD COLUMN product_match VARCHAR(20);

CREATE INDEX idx_generation_queue_product ON generation_queue (product_id, created_at DESC) WHERE product_id IS NOT NULL;

-- Auto-generation on product create: per vendor, off unless set, with its template, style and parameters.
CREATE TABLE product_generation_settings (
    vendor_id     UUID PRIMARY KEY,
    auto_generate BOOLEAN     NOT NULL DEFAULT false,
    template_id   UUID,
    style_id      UUID,
    parameters    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
