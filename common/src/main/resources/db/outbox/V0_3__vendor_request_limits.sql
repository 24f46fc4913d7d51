-- Each vendor's request allowance in this service (studio.common.limits): the theoretical arrival time
-- of its next request, per scope, shared by every replica.
CREATE TABLE vendor_request_limits (
    vendor_id UUID        NOT NULL,
    scope     TEXT        NOT NULL,
    tat       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (vendor_id, scope)
);
