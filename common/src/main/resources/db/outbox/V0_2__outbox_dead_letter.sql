-- Outbox rows Kafka refused for good (too large, invalid): the relay keeps them here, raises
-- studio_outbox_dead_lettered_total, and goes on with the next row instead of retrying forever.
CREATE TABLE outbox_dead_letter (
    id              UUID PRIMARY KEY,
    topic           VARCHAR(255) NOT NULL,
    aggregate_id    VARCHAR(255),
    type            VARCHAR(255),
    payload_bytes   INTEGER      NOT NULL,
    payload         TEXT         NOT NULL,
    reason          TEXT         NOT NULL,
    dead_lettered_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
