-- Webhook subscriptions per vendor. The signing secret is stored for signing; it is shown to the
-- vendor once, at creation, and never returned again.
CREATE TABLE webhook_subscriptions (
    id          UUID PRIMARY KEY,
    vendor_id   UUID          NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    description VARCHAR(500),
    event_types TEXT[]        NOT NULL DEFAULT '{}',
    secret      VARCHAR(255)  NOT NULL,
    enabled     BOOLEAN       NOT NULL DEFAULT true,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT now()
);

CREATE INDEX idx_webhook_subscriptions_vendor ON webhook_subscriptions (vendor_id);
