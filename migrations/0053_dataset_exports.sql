-- Exports of dataset files to a tenant's S3 integration, run by a background job.
CREATE TABLE dataset_exports (
    export_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dataset_id       bigint      NOT NULL REFERENCES datasets (dataset_id) ON DELETE CASCADE,
    integration_id   bigint      REFERENCES integrations (integration_id) ON DELETE SET NULL,
    tenant_id        bigint      NOT NULL REFERENCES tenants (tenant_id),
    status           text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'completed', 'failed')),
    prefix           text        NOT NULL,
    types            text[]      NOT NULL,
    files_uploaded   int         NOT NULL DEFAULT 0,
    error            text,
    lease_expires_at timestamptz,
    requested_by     bigint      REFERENCES users (user_id),
    created_at       timestamptz NOT NULL DEFAULT now(),
    completed_at     timestamptz
);
CREATE INDEX dataset_exports_dataset_idx ON dataset_exports (dataset_id, created_at DESC);
CREATE INDEX dataset_exports_work_idx ON dataset_exports (created_at) WHERE status IN ('queued', 'running');
COMMENT ON TABLE dataset_exports IS 'Requested exports of a dataset''s files to S3, with their state; also the export job''s queue.';
COMMENT ON COLUMN dataset_exports.export_id IS 'Key of the export.';
COMMENT ON COLUMN dataset_exports.dataset_id IS 'Dataset whose files are exported.';
COMMENT ON COLUMN dataset_exports.integration_id IS 'S3 integration exported to; null once that integration is deleted.';
COMMENT ON COLUMN dataset_exports.tenant_id IS 'Tenant of the dataset.';
COMMENT ON COLUMN dataset_exports.status IS 'queued, running, completed or failed.';
COMMENT ON COLUMN dataset_exports.prefix IS 'Key prefix in the bucket; files go to <prefix>/dataset-<id>/<file name>.';
COMMENT ON COLUMN dataset_exports.types IS 'Formats exported (a subset of the dataset''s types).';
COMMENT ON COLUMN dataset_exports.files_uploaded IS 'Files uploaded and checked (sha256) so far.';
COMMENT ON COLUMN dataset_exports.error IS 'Why the export failed, in words a user can act on.';
COMMENT ON COLUMN dataset_exports.lease_expires_at IS 'While running: when the node''s claim lapses and another node may take the export over.';
COMMENT ON COLUMN dataset_exports.requested_by IS 'User who asked for it; notified when it completes or fails.';
COMMENT ON COLUMN dataset_exports.created_at IS 'When it was asked for (UTC).';
COMMENT ON COLUMN dataset_exports.completed_at IS 'When it completed or failed (UTC).';
