-- Cost: every item's and batch's estimate (fixed when the batch is accepted), what the attempts
-- actually cost (kept on the item and the batch, summed from the ledger), the ledger itself (one row
-- per attempt that reported a result, failed attempts and results of cancelled items included), and
-- the vendors' monthly budgets.
ALTER TABLE generation_batches
    ADD COLUMN estimated_cost_usd NUMERIC(14, 6) NOT NULL DEFAULT 0,
    ADD COLUMN cost_usd           NUMERIC(14, 6) NOT NULL DEFAULT 0;

ALTER TABLE generation_queue
    ADD COLUMN estimated_cost_usd NUMERIC(12, 6) NOT NULL DEFAULT 0,
    ADD COLUMN cost_usd           NUMERIC(12, 6) NOT NULL DEFAULT 0;

CREATE INDEX idx_generation_queue_vendor_status ON generation_queue (vendor_id, status);

CREATE TABLE cost_ledger (
    item_id     UUID           NOT NULL,
    attempt     INTEGER        NOT NULL,
    batch_id    UUID           NOT NULL,
    vendor_id   UUID           NOT NULL,
    outcome     VARCHAR(20)    NOT NULL,
    provider    VARCHAR(100),
    model       VARCHAR(100),
    cost_usd    NUMERIC(12, 6) NOT NULL,
    cost_basis  VARCHAR(20)    NOT NULL,
    usage       JSONB,
    recorded_at TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, attempt),
    CONSTRAINT cost_ledger_outcome CHECK (outcome IN ('completed', 'failed'))
);

CREATE INDEX idx_cost_ledger_vendor_time ON cost_ledger (vendor_id, recorded_at);

CREATE TABLE vendor_budgets (
    vendor_id         UUID PRIMARY KEY,
    monthly_limit_usd NUMERIC(12, 2) NOT NULL CHECK (monthly_limit_usd >= 0),
    updated_at        TIMESTAMPTZ    NOT NULL DEFAULT now()
);

-- The fleet's recent throughput (estimated time) reads the items that ended in the last minutes.
CREATE INDEX idx_generation_queue_processed ON generation_queue (processed_at);
