-- Durable webhook deliveries: each (subscription, event) row is a message with its signed payload,
-- due at next_attempt_at and leased by one replica at a time while it is being sent. Attempts are
-- logged one row each. Subscriptions gain a previous secret (signed with too until it expires, for
-- rotation) and the time since which they have been failing.
ALTER TABLE webhook_subscriptions
    ADD COLUMN previous_secret            VARCHAR(255),
    ADD COLUMN previous_secret_expires_at TIMESTAMPTZ,
    ADD COLUMN failing_since              TIMESTAMPTZ,
    ADD COLUMN disabled_reason            VARCHAR(500);

ALTER TABLE webhook_deliveries
    ADD COLUMN payload          TEXT        NOT NULL DEFAULT '{}',
    ADD COLUMN status           VARCHAR(16) NOT NULL DEFAULT 'succeeded',
    ADD COLUMN attempts         INT         NOT NULL DEFAULT 0,
    ADD COLUMN schedule_step    INT         NOT NULL DEFAULT 0,
    ADD COLUMN next_attempt_at  TIMESTAMPTZ,
    ADD COLUMN leased_until     TIMESTAMPTZ,
    ADD COLUMN last_status_code INT,
    ADD COLUMN last_error       VARCHAR(1000),
    ADD COLUMN ended_at         TIMESTAMPTZ;
-- rows from before this migration were sent at once; new ones start pending
ALTER TABLE webhook_deliveries ALTER COLUMN status SET DEFAULT 'pending';

CREATE INDEX idx_webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX idx_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at DESC);

CREATE TABLE webhook_attempts (
    delivery_id     UUID        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt         INT         NOT NULL,
    attempted_at    TIMESTAMPTZ NOT NULL,
    status_code     INT,
    latency_ms      INT         NOT NULL,
    error           VARCHAR(1000),
    next_attempt_at TIMESTAMPTZ,
    PRIMARY KEY (delivery_id, attempt)
);
