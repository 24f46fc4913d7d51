-- Who is making an image (issue 18): a replica claims a job (item and attempt) before it calls the
-- provider, so that two replicas holding the same job (a partition moved while the old owner still
-- held it) never pay for one image twice. A claim binds while its owner is alive (its heartbeat in
-- worker_replicas is fresh); a dead owner's claims are taken over; a finished job's claim is removed.
CREATE TABLE worker_replicas (
    owner   VARCHAR(100) PRIMARY KEY,
    seen_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE job_claims (
    item_id    UUID         NOT NULL,
    attempt    INTEGER      NOT NULL,
    owner      VARCHAR(100) NOT NULL,
    claimed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (item_id, attempt)
);

CREATE INDEX idx_job_claims_claimed_at ON job_claims (claimed_at);
