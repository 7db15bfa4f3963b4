-- Issue 13: quotas and value bounds per tenant, so that no tenant can exhaust disk, memory or workers.
-- The defaults are far above what a small team uses and far below what takes a node down.
ALTER TABLE tenants
    ADD COLUMN max_active_datasets_per_user   int    NOT NULL DEFAULT 10 CHECK (max_active_datasets_per_user > 0),
    ADD COLUMN max_active_datasets_per_tenant int    NOT NULL DEFAULT 50 CHECK (max_active_datasets_per_tenant > 0),
    ADD COLUMN max_stored_bytes               bigint NOT NULL DEFAULT 107374182400 CHECK (max_stored_bytes > 0),
    ADD COLUMN max_dataset_bytes              bigint NOT NULL DEFAULT 21474836480 CHECK (max_dataset_bytes > 0),
    ADD COLUMN max_files_per_dataset          int    NOT NULL DEFAULT 10000 CHECK (max_files_per_dataset > 0),
    ADD COLUMN max_record_bytes               int    NOT NULL DEFAULT 1048576 CHECK (max_record_bytes > 0),
    ADD COLUMN max_string_length              int    NOT NULL DEFAULT 100000 CHECK (max_string_length > 0),
    ADD COLUMN max_array_items                int    NOT NULL DEFAULT 10000 CHECK (max_array_items > 0);
COMMENT ON COLUMN tenants.max_active_datasets_per_user IS 'Queued plus running datasets one user may have at a time; more is 429 with Retry-After.';
COMMENT ON COLUMN tenants.max_active_datasets_per_tenant IS 'Queued plus running datasets the whole tenant may have at a time; more is 429 with Retry-After.';
COMMENT ON COLUMN tenants.max_stored_bytes IS 'Bytes of all dataset files of the tenant, counting the estimates of queued and running datasets.';
COMMENT ON COLUMN tenants.max_dataset_bytes IS 'Bytes of one dataset (all its files); estimated at creation and enforced while writing.';
COMMENT ON COLUMN tenants.max_files_per_dataset IS 'Files one dataset may have (formats times split files times child tables).';
COMMENT ON COLUMN tenants.max_record_bytes IS 'Bytes one generated record may take; a schema or rule that forces more is refused.';
COMMENT ON COLUMN tenants.max_string_length IS 'Largest length a schema or rule may force on one string value.';
COMMENT ON COLUMN tenants.max_array_items IS 'Largest number of items a schema or rule may force on one array or repeated group.';

ALTER TABLE datasets ADD COLUMN estimated_bytes bigint;
COMMENT ON COLUMN datasets.estimated_bytes IS 'Size of all its files as estimated at creation from a sample of its own records; counts against the tenant''s storage while queued or running.';

-- The fair claim counts each tenant's running datasets.
CREATE INDEX datasets_running_tenant_idx ON datasets (tenant_id) WHERE status = 'running';
