-- Scheduled generation: a batch waits as 'scheduled' until scheduled_for, then one replica releases
-- its jobs. The partial index keeps the scheduler's look at due batches cheap however many batches
-- have ended.
ALTER TABLE generation_batches ADD COLUMN scheduled_for TIMESTAMPTZ;

CREATE INDEX idx_generation_batches_due ON generation_batches (scheduled_for) WHERE status = 'scheduled';

-- Each vendor's off-peak window ("schedule": "off-peak"), in its own time zone; a vendor without a
-- row has the platform's default window.
CREATE TABLE vendor_off_peak_windows (
    vendor_id  UUID PRIMARY KEY,
    starts_at  TIME        NOT NULL,
    ends_at    TIME        NOT NULL,
    time_zone  VARCHAR(64) NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT vendor_off_peak_windows_not_empty CHECK (starts_at <> ends_at)
);
