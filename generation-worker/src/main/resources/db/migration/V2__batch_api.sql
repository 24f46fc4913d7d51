-- The bulk lane through OpenAI's Batch API (studio.worker.batch-api.enabled): a bulk job is kept
-- here from the moment its Kafka record is acknowledged until its result is published, so a crash
-- loses none. 'gathering' jobs wait to be sent together; 'submitting' ones are being uploaded by the
-- replica that holds their lease; 'submitted' ones wait in a provider batch.
CREATE TABLE batch_api_jobs (
    item_id           UUID         NOT NULL,
    attempt           INTEGER      NOT NULL,
    model             VARCHAR(100) NOT NULL,
    job               TEXT         NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    submission        UUID,
    provider_batch_id VARCHAR(100),
    leased_until      TIMESTAMPTZ,
    resubmissions     INTEGER      NOT NULL DEFAULT 0,
    queued_at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, attempt),
    CONSTRAINT batch_api_jobs_status CHECK (status IN ('gathering', 'submitting', 'submitted'))
);

CREATE INDEX idx_batch_api_jobs_gathering ON batch_api_jobs (model, queued_at) WHERE status = 'gathering';
CREATE INDEX idx_batch_api_jobs_batch ON batch_api_jobs (provider_batch_id) WHERE provider_batch_id IS NOT NULL;

-- The provider batches in flight: every replica polls them, one at a time each (a lease).
CREATE TABLE batch_api_batches (
    id            VARCHAR(100) PRIMARY KEY,
    model         VARCHAR(100) NOT NULL,
    input_file_id VARCHAR(100) NOT NULL,
    status        VARCHAR(30)  NOT NULL,
    requests      INTEGER      NOT NULL,
    submitted_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    checked_at    TIMESTAMPTZ,
    leased_until  TIMESTAMPTZ
);
