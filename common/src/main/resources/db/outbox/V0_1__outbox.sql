-- The transactional outbox, shared by every service with a database (see studio.common.outbox).
CREATE TABLE outbox_event (
    id             UUID PRIMARY KEY,
    aggregate_type VARCHAR(255) NOT NULL,
    aggregate_id   VARCHAR(255) NOT NULL,
    type           VARCHAR(255) NOT NULL,
    source         VARCHAR(255) NOT NULL,
    occurred_at    TIMESTAMPTZ  NOT NULL,
    payload        TEXT         NOT NULL
);

CREATE INDEX idx_outbox_event_occurred_at ON outbox_event (occurred_at);

-- Only inserts are published: purging old rows never reaches Kafka.
CREATE PUBLICATION studio_outbox FOR TABLE outbox_event WITH (publish = 'insert');
