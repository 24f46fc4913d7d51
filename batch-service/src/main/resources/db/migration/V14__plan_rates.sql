-- An admin may set a vendor's request rate (the api scope) instead of its plan's; and what was last
-- announced of each vendor's rates on studio.vendors, so that a change of the plans' configuration
-- is announced again when batch-service starts.
ALTER TABLE vendor_plans
    ADD COLUMN requests_per_minute INTEGER CHECK (requests_per_minute > 0),
    ADD COLUMN burst               INTEGER CHECK (burst >= 0),
    ADD COLUMN announced           TEXT;
