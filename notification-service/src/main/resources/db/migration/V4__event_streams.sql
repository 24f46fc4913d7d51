-- The live progress streams open now, on every replica (progress.OpenStreams): a vendor may have
-- studio.events.max-streams-per-vendor at once. Each replica refreshes its own rows every heartbeat;
-- a row not refreshed for three heartbeats (its replica died) no longer counts.
CREATE TABLE event_streams (
    id        UUID PRIMARY KEY,
    vendor_id UUID        NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_event_streams_vendor ON event_streams (vendor_id, seen_at);
