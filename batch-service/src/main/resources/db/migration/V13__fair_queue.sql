-- The fair queue (studio.batch.queue): batch-service holds every job back until the fleet has room for
-- it, and then releases the vendors' jobs in weighted turns (see docs/ARCHITECTURE.md, "The fair queue").

-- An item's lane, when its job was released to the lane's topic (null while it waits its turn, or its
-- batch is scheduled), and how long the worker took for it (from its start to its stored image).
ALTER TABLE generation_items ADD COLUMN lane TEXT;
ALTER TABLE generation_items ADD COLUMN released_at TIMESTAMPTZ;
ALTER TABLE generation_items ADD COLUMN duration_ms INTEGER;
UPDATE generation_items i SET lane = coalesce(b.config ->> 'lane', 'standard') FROM generation_batches b WHERE b.id = i.batch_id;
-- the jobs of open items of batches already running went out before this migration
UPDATE generation_items i SET released_at = coalesce(i.progress_at, i.created_at) FROM generation_batches b
    WHERE b.id = i.batch_id AND b.status <> 'scheduled' AND i.status IN ('pending', 'processing');
ALTER TABLE generation_items ALTER COLUMN lane SET NOT NULL;
ALTER TABLE generation_items ADD CONSTRAINT generation_items_lane CHECK (lane IN ('interactive', 'standard', 'bulk'));
-- What the fleet holds of each lane (released, not ended): the window the releaser keeps full.
CREATE INDEX idx_generation_items_outstanding ON generation_items (lane)
    WHERE released_at IS NOT NULL AND status IN ('pending', 'processing');

-- The jobs waiting their turn, as they will be published (the payload is the generation.requested event).
CREATE TABLE waiting_jobs (
    item_id     UUID PRIMARY KEY,
    batch_id    UUID        NOT NULL,
    vendor_id   UUID        NOT NULL,
    lane        TEXT        NOT NULL,
    seq         BIGSERIAL   NOT NULL,
    payload     TEXT        NOT NULL,
    enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a vendor's next jobs in a lane, first in first out
CREATE INDEX idx_waiting_jobs_turn ON waiting_jobs (vendor_id, lane, seq);
CREATE INDEX idx_waiting_jobs_batch ON waiting_jobs (batch_id);

-- Each vendor's place in each lane: how many of its jobs wait, and its pass (stride scheduling: a
-- released job moves it on by 1 / its weight; the vendor with the lowest pass goes next).
CREATE TABLE vendor_lanes (
    vendor_id UUID             NOT NULL,
    lane      TEXT             NOT NULL,
    waiting   INTEGER          NOT NULL DEFAULT 0,
    pass      DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (vendor_id, lane)
);
CREATE INDEX idx_vendor_lanes_turn ON vendor_lanes (lane, pass) WHERE waiting > 0;

-- Per lane: its virtual time (the pass of the last job released: a vendor whose queue was empty starts
-- there, so an idle vendor saves up no turns) and the window the releaser keeps (jobs out at once).
CREATE TABLE lane_clocks (
    lane         TEXT PRIMARY KEY,
    virtual_time DOUBLE PRECISION NOT NULL DEFAULT 0,
    release_window DOUBLE PRECISION
);
INSERT INTO lane_clocks (lane) VALUES ('interactive'), ('standard'), ('bulk');

-- A vendor's plan (its weight and limits come from the plan's settings) and an admin's overrides
-- (null: the plan's).
CREATE TABLE vendor_plans (
    vendor_id           UUID PRIMARY KEY,
    plan                TEXT,
    weight              DOUBLE PRECISION CHECK (weight > 0),
    max_queued_items    INTEGER CHECK (max_queued_items > 0),
    max_running_batches INTEGER CHECK (max_running_batches > 0),
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
