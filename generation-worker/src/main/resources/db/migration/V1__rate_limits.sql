-- The one piece of state the worker fleet shares: per provider account and model, the rate limiter
-- (GCRA: the theoretical arrival time of the next request), a pause every replica honours (a 429's
-- retry-after, an exhausted x-ratelimit window, or an account that needs an operator), and the
-- limit the provider announced in its x-ratelimit-limit-requests header.
CREATE TABLE rate_limits (
    key                VARCHAR(300) PRIMARY KEY,
    tat                TIMESTAMPTZ  NOT NULL DEFAULT now(),
    paused_until       TIMESTAMPTZ,
    pause_reason       TEXT,
    learned_per_minute INTEGER,
    updated_at         TIMESTAMPTZ  NOT NULL DEFAULT now()
);
