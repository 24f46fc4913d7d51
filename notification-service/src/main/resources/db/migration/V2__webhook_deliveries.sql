-- One row per (subscription, event): the claim that makes a delivery happen once, even when the
-- event is consumed twice or by two replicas.
CREATE TABLE webhook_deliveries (
    id              UUID PRIMARY KEY,
    subscription_id UUID         NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_id        VARCHAR(255) NOT NULL,
    event_type      VARCHAR(255) NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT webhook_deliveries_once UNIQUE (subscription_id, event_id)
);
