-- Datasets: the generation queue and its results. The table is the queue: workers claim rows
-- with FOR UPDATE SKIP LOCKED and hold a lease they renew; an expired lease is claimed again.
CREATE TABLE datasets (
    dataset_id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id              bigint           NOT NULL REFERENCES tenants (tenant_id),
    project_id             bigint           NOT NULL REFERENCES projects (project_id),
    schema_id              bigint           NOT NULL REFERENCES schemas (schema_id),
    constraint_set_id      bigint           REFERENCES constraint_sets (constraint_set_id),
    constraint_set_version int,
    name                   text             NOT NULL,
    record_count           bigint           NOT NULL CHECK (record_count > 0),
    types                  text[]           NOT NULL,
    params                 jsonb            NOT NULL DEFAULT '{}'::jsonb,
    seed                   bigint           NOT NULL,
    engine_version         text             NOT NULL,
    status                 text             NOT NULL DEFAULT 'queued'
                                            CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    progress               double precision NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    records_generated      bigint           NOT NULL DEFAULT 0,
    error                  text,
    attempts               int              NOT NULL DEFAULT 0,
    lease_owner            text,
    lease_expires_at       timestamptz,
    created_by             bigint           REFERENCES users (user_id),
    created_at             timestamptz      NOT NULL DEFAULT now(),
    started_at             timestamptz,
    completed_at           timestamptz,
    CONSTRAINT datasets_version_with_set CHECK ((constraint_set_id IS NULL) = (constraint_set_version IS NULL))
);
CREATE INDEX datasets_work_idx ON datasets (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX datasets_project_idx ON datasets (project_id, created_at DESC);
CREATE INDEX datasets_tenant_idx ON datasets (tenant_id, created_at DESC);
COMMENT ON TABLE datasets IS 'Requested synthetic datasets, their generation state and parameters; also the work queue of the generators.';
COMMENT ON COLUMN datasets.dataset_id IS 'Key of the dataset.';
COMMENT ON COLUMN datasets.tenant_id IS 'Tenant that owns it.';
COMMENT ON COLUMN datasets.project_id IS 'Project it belongs to.';
COMMENT ON COLUMN datasets.schema_id IS 'Schema the records follow.';
COMMENT ON COLUMN datasets.constraint_set_id IS 'Constraint set that narrows the schema, if any.';
COMMENT ON COLUMN datasets.constraint_set_version IS 'Version of the constraint set used; kept so a re-run gives the same data.';
COMMENT ON COLUMN datasets.name IS 'Name given by the creator.';
COMMENT ON COLUMN datasets.record_count IS 'Number of records asked for.';
COMMENT ON COLUMN datasets.types IS 'Output formats: json, jsonl, csv, xml, sql.';
COMMENT ON COLUMN datasets.params IS 'Generation parameters as JSON: records_per_file, root_path, csv_delimiter, sql_dialect, table_name, compression, locale.';
COMMENT ON COLUMN datasets.seed IS 'Random seed; the same seed, schema, constraint set version, count and engine version give identical files.';
COMMENT ON COLUMN datasets.engine_version IS 'Generation engine version the dataset is made with.';
COMMENT ON COLUMN datasets.status IS 'queued, running, completed, failed or cancelled.';
COMMENT ON COLUMN datasets.progress IS 'Share of records generated, 0 to 1.';
COMMENT ON COLUMN datasets.records_generated IS 'Records generated so far.';
COMMENT ON COLUMN datasets.error IS 'Why generation failed, in words a user can act on.';
COMMENT ON COLUMN datasets.attempts IS 'How many times a worker started generating it (more than 1 after a crash or re-run).';
COMMENT ON COLUMN datasets.lease_owner IS 'Worker (node and process) generating it now.';
COMMENT ON COLUMN datasets.lease_expires_at IS 'When the worker''s claim lapses unless renewed; a lapsed running dataset is claimed again.';
COMMENT ON COLUMN datasets.created_by IS 'User who asked for it.';
COMMENT ON COLUMN datasets.created_at IS 'When it was asked for (UTC).';
COMMENT ON COLUMN datasets.started_at IS 'When the latest generation started (UTC).';
COMMENT ON COLUMN datasets.completed_at IS 'When it completed, failed or was cancelled (UTC).';

CREATE TABLE dataset_files (
    dataset_id   bigint      NOT NULL REFERENCES datasets (dataset_id) ON DELETE CASCADE,
    format       text        NOT NULL,
    file_index   int         NOT NULL,
    part         text        NOT NULL DEFAULT '',
    file_name    text        NOT NULL,
    storage_key  text        NOT NULL,
    record_count bigint      NOT NULL,
    size_bytes   bigint      NOT NULL,
    sha256       text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset_id, format, file_index, part)
);
COMMENT ON TABLE dataset_files IS 'Published files of completed datasets; a file is listed only once it is complete.';
COMMENT ON COLUMN dataset_files.dataset_id IS 'Dataset the file belongs to.';
COMMENT ON COLUMN dataset_files.format IS 'json, jsonl, csv, xml or sql.';
COMMENT ON COLUMN dataset_files.file_index IS 'Number of the file when records_per_file splits the output, from 0.';
COMMENT ON COLUMN dataset_files.part IS 'Child table of csv and sql output for nested arrays; empty for the main file.';
COMMENT ON COLUMN dataset_files.file_name IS 'Name the file downloads as.';
COMMENT ON COLUMN dataset_files.storage_key IS 'Where the storage (disk or S3) keeps it.';
COMMENT ON COLUMN dataset_files.record_count IS 'Records (or rows) in the file.';
COMMENT ON COLUMN dataset_files.size_bytes IS 'Size in bytes.';
COMMENT ON COLUMN dataset_files.sha256 IS 'SHA-256 of the file, hex; also its ETag.';
COMMENT ON COLUMN dataset_files.created_at IS 'When it was published (UTC).';
